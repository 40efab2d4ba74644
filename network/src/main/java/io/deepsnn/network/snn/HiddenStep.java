package io.deepsnn.network.snn;

/** A tile of a hidden IF layer: integrate, fire at θ, reset (SEMANTICS §3). */
public final class HiddenStep extends NeuronStep {
  HiddenStep(SpikingNetwork net, SpikingLayer layer, int rowFrom, int rowTo, long threshold, long initial,
             long[] bias, SimulationOptions options, SnnInput image) {
    super(net, layer, rowFrom, rowTo, threshold, initial, bias, options, image);
  }

  @Override
  public int step(int t) {
    integrateReceived();
    int n = tile.fire();
    account(t, tile.spikes(), n);
    return n;
  }
}
