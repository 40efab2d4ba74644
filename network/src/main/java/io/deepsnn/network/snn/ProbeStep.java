package io.deepsnn.network.snn;

/**
 * Spike-Norm's measurement (SEMANTICS §5) in a tile of the layer being calibrated, for one image:
 * it integrates but never fires, and keeps the largest input one neuron received in one timestep.
 */
public final class ProbeStep extends NeuronStep {
  private long maxInput = Long.MIN_VALUE;

  ProbeStep(SpikingNetwork net, SpikingLayer layer, int rowFrom, int rowTo, long[] bias, SimulationOptions options,
            SnnInput image) {
    // The probe's membranes hold one timestep's input only: they start at 0 whatever α is. Its
    // input includes the bias current (SEMANTICS §7: Spike-Norm's max of I_l(t) includes it).
    super(net, layer, rowFrom, rowTo, 0, 0, bias, options, image);
  }

  @Override
  public int step(int t) {
    integrateReceived();
    maxInput = Math.max(maxInput, tile.probeMaxAndClear());
    return 0;
  }

  /** The largest one-timestep input so far, in fixed point; {@code Long.MIN_VALUE} when nothing arrived. */
  public long maxInput() {
    return maxInput;
  }
}
