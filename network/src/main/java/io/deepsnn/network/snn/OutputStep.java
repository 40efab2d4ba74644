package io.deepsnn.network.snn;

/**
 * The output layer, for one image (it is never cut into tiles: it is flat): with the spike
 * readout it fires and counts each class's spikes; with the current readout it only integrates.
 * {@link #predict()} applies the output rule of SEMANTICS §4, and with an {@link EarlyExit} rule
 * it decides when the image stops ({@link #exitedAfter()}).
 */
public final class OutputStep extends NeuronStep {
  private final SimulationOptions.Readout readout;
  private final long[] counts;
  /** The early-exit rule's state, or null when it is off. */
  private final EarlyExit.Tracker exit;
  /** The timestep after which the image exited, or -1 while it runs. */
  private int exitedAfter = -1;

  OutputStep(SpikingNetwork net, SpikingLayer layer, long threshold, long initial, long[] bias,
             SimulationOptions options, SnnInput image) {
    super(net, layer, 0, layer.shape().height(), threshold, initial, bias, options, image);
    this.readout = options.readout();
    this.counts = new long[layer.neurons()];
    this.exit = options.earlyExit().enabled() ? options.earlyExit().tracker() : null;
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
    if (exit != null && exitedAfter < 0 && exit.observe(counts, predict())) {
      exitedAfter = t;
    }
    return n;
  }

  /**
   * The timestep (0-based) after which the early-exit rule stopped this image, or -1 while it
   * runs; once it has exited, no layer steps the image again.
   */
  public int exitedAfter() {
    return exitedAfter;
  }

  /** The predicted class now. */
  public int predict() {
    return Readout.predict(counts, tile, readout);
  }
}
