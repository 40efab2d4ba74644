package io.deepsnn.network.snn;

/**
 * The output layer, for one image (it is never cut into tiles: it is flat): with the spike
 * readout it fires and counts each class's spikes; with the current readout it only integrates.
 * {@link #predict()} applies the output rule of SEMANTICS §4.
 */
public final class OutputStep extends NeuronStep {
  private final SimulationOptions.Readout readout;
  private final long[] counts;

  OutputStep(SpikingNetwork net, SpikingLayer layer, long threshold, long initial, long[] bias,
             SimulationOptions options, SnnInput image) {
    super(net, layer, 0, layer.shape().height(), threshold, initial, bias, options, image);
    this.readout = options.readout();
    this.counts = new long[layer.neurons()];
  }

  @Override
  public int step(int t) {
    integrateReceived();
    if (readout == SimulationOptions.Readout.CURRENT) {
      return 0;
    }
    int n = tile.fire();
    int[] s = tile.spikes();
    for (int i = 0; i < n; i++) {
      counts[s[i]]++;
    }
    account(t, s, n);
    return n;
  }

  /** The predicted class now. */
  public int predict() {
    return Readout.predict(counts, tile, readout);
  }
}
