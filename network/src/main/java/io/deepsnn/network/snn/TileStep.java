package io.deepsnn.network.snn;

/**
 * One tile's timestep for one image: the only code that runs the method of SEMANTICS §2–§5 —
 * emit the input, or integrate the spikes received with the kernel chosen per projection, fire,
 * reset, read out — and keeps the spike fingerprint and the counters. The sequential simulator
 * runs one whole-layer step per layer and image; a tile actor runs one per image of its batches
 * and only moves the spikes. That is why every execution fires the same spikes: there is one copy
 * of the method.
 *
 * <p>A timestep is any number of {@code receive} calls (a {@link NeuronStep}'s inputs, one per
 * source batch, in any order), then {@link #step(int)}. Its spikes are then read with
 * {@link #spikes()} and {@link #spikeCount()}, valid until the next step.
 *
 * <p>The roles are classes: {@link InputStep} (the Poisson or analog input), {@link HiddenStep}
 * (an IF layer), {@link OutputStep} (the classifier and its readout), {@link ProbeStep}
 * (Spike-Norm's measurement). {@link TileSteps} makes the right one.
 */
public abstract sealed class TileStep permits InputStep, NeuronStep {
  private final long image;
  private long emitted;
  private long hash;

  TileStep(long image) {
    this.image = image;
  }

  /**
   * Runs timestep {@code t} (0-based) with what was received since the last step.
   *
   * @return the number of spikes fired (read them with {@link #spikes()})
   */
  public abstract int step(int t);

  /** Spikes of the last {@link #step}: layer-wide channels-last indices, input ones negative as {@code ~index}. */
  public abstract int[] spikes();

  /** Number of spikes of the last {@link #step}. */
  public abstract int spikeCount();

  /** Counts and fingerprints the {@code n} spikes of timestep {@code t} in {@code spikes}. */
  final void account(int t, int[] spikes, int n) {
    long step = SimulationResult.stepHash(image, t);
    long h = 0;
    for (int i = 0; i < n; i++) {
      h += SimulationResult.spikeHash(step, spikes[i]);
    }
    hash += h;
    emitted += n;
  }

  /** Spikes fired so far. */
  public final long emitted() {
    return emitted;
  }

  /** The order-independent fingerprint of every spike fired so far (see {@link SimulationResult#spikeHash}). */
  public final long hash() {
    return hash;
  }

  /** Synapses driven so far through synaptic projections (the ACs); 0 for the input. */
  public long synapses() {
    return 0;
  }

  /** Synapses driven so far through parameter-free shortcuts; 0 for the input. */
  public long shortcutSynapses() {
    return 0;
  }

  /** The image's data-set index. */
  public final long image() {
    return image;
  }
}
