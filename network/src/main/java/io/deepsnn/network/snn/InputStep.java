package io.deepsnn.network.snn;

/**
 * The input layer's rows of one tile, for one image (SEMANTICS §2): with Poisson input, the rate
 * code of those rows; with analog input it emits nothing (the layers it feeds add the image as a
 * constant current instead, see {@link AnalogCurrent}).
 */
public final class InputStep extends TileStep {
  /** Null for analog input. */
  private final InputEncoder encoder;
  private final int[] spikes;
  private int count;

  InputStep(SpikingNetwork net, int rowFrom, int rowTo, SimulationOptions options, SnnInput image) {
    super(image.index());
    boolean poisson = options.input() == SimulationOptions.InputMode.POISSON;
    this.encoder = poisson
        ? new InputEncoder(net.inputShape(), image, options.inputScale(), options.seed(), rowFrom, rowTo) : null;
    this.spikes = new int[poisson ? encoder.capacity() : 0];
  }

  @Override
  public int step(int t) {
    count = encoder == null ? 0 : encoder.emit(t, spikes);
    account(t, spikes, count);
    return count;
  }

  @Override
  public int[] spikes() {
    return spikes;
  }

  @Override
  public int spikeCount() {
    return count;
  }
}
