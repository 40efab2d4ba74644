package io.deepsnn.network.snn;

/**
 * The output rule (SEMANTICS §4), shared by every execution: the argmax of the output spike
 * counts, ties to the larger membrane potential, then to the lower class index; with the current
 * readout, the argmax of the membrane (the accumulated input), ties to the lower index.
 */
public final class Readout {
  private Readout() {
  }

  /**
   * The predicted class.
   *
   * @param counts output spike counts per class
   * @param output the output layer's tile (whole layer: neuron index = class)
   */
  public static int predict(long[] counts, LayerTile output, SimulationOptions.Readout mode) {
    int best = 0;
    for (int c = 1; c < counts.length; c++) {
      if (mode == SimulationOptions.Readout.SPIKES && counts[c] != counts[best]) {
        if (counts[c] > counts[best]) {
          best = c;
        }
      } else if (output.potential(c) > output.potential(best)) {
        best = c;
      }
    }
    return best;
  }
}
