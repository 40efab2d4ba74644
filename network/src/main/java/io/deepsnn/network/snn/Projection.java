package io.deepsnn.network.snn;

import io.deepsnn.network.graph.Shape;

/**
 * How the spikes of one source layer reach one target layer: the linear path of the ANN between
 * them (an optional average pool, then a convolution, a fully connected layer or a shortcut),
 * with fixed-point weights. Neuron indices on both sides are channels-last (HWC):
 * {@code (y·W + x)·C + c}, so that a spike's fan-out over output channels is contiguous.
 *
 * <p>Two kernels compute the same integer sums: {@link #scatter} (event driven: work per spike)
 * and {@link #gather} (dense: work per synapse, the cross-check and speed baseline).
 */
public abstract sealed class Projection permits ConvProjection, DenseProjection, ShortcutProjection,
    GatedMaxPoolProjection {
  final int source;
  final Shape sourceShape;
  final Shape targetShape;
  /** Divides channels-last source indices by the source's channel count. */
  final Divisor sourceChannels;

  Projection(int source, Shape sourceShape, Shape targetShape) {
    this.source = source;
    this.sourceShape = sourceShape;
    this.targetShape = targetShape;
    this.sourceChannels = new Divisor(sourceShape.channels());
  }

  /** Index of the source layer. */
  public int source() {
    return source;
  }

  /** Short description for reports, e.g. {@code conv 3x3/1} or {@code shortcut}. */
  public abstract String describe();

  /** ANN multiply-accumulates per image of the synaptic operation (0 for shortcuts). */
  public abstract long macs();

  /** Shape of the source layer. */
  public Shape sourceShape() {
    return sourceShape;
  }

  /** Shape of the target layer. */
  public Shape targetShape() {
    return targetShape;
  }

  /**
   * The source rows {@code [from, to)} whose spikes can reach target rows {@code [rowFrom, rowTo)}
   * (the receptive field of a tile, pool included); a tile needs spikes from no other rows.
   */
  public abstract int[] sourceRows(int rowFrom, int rowTo);

  /** Clamps an inclusive row range to {@code [0, size)} as a half-open pair. */
  static int[] clampRows(int lo, int hiInclusive, int size) {
    int a = Math.max(0, lo);
    int b = Math.min(size - 1, hiInclusive);
    return a > b ? new int[] {0, 0} : new int[] {a, b + 1};
  }

  /**
   * The bias of the synaptic op behind this projection, one value per target channel, or null
   * (SEMANTICS §7: in the SNN a constant current b / Λ_src every timestep).
   */
  public float[] bias() {
    return null;
  }

  /** True for the parameter-free identity / type-A shortcuts (whose accumulates are counted apart). */
  public boolean isShortcut() {
    return false;
  }

  /**
   * Adds the synapses of one source spike to the target rows {@code [rowFrom, rowTo)} and marks
   * the positions touched. {@code v} and {@code touched} hold only those rows: position
   * {@code (y - rowFrom)·W + x}. A layer simulated whole passes {@code 0, height}; a tile its rows.
   *
   * @param spike source neuron, channels-last
   * @param negative true for a negative input spike (only the input layer has them)
   * @return the number of synapses driven (SEMANTICS §6: the spike's exact fan-out into these rows)
   */
  abstract long scatter(int spike, boolean negative, long[] v, TouchSet touched, int rowFrom, int rowTo);

  /**
   * Scatters a batch of source spikes ({@code ~index} for a negative spike), as {@link #scatter}
   * one by one; a projection may group them (the sums are integers, so the order does not matter).
   *
   * @return the number of synapses driven
   */
  long scatterAll(int[] spikes, int count, long[] v, TouchSet touched, int rowFrom, int rowTo) {
    long n = 0;
    for (int i = 0; i < count; i++) {
      n += scatterSigned(spikes[i], v, touched, rowFrom, rowTo);
    }
    return n;
  }

  /** {@link #scatter} of one spike given as {@code index} or, negative, {@code ~index}. */
  final long scatterSigned(int spike, long[] v, TouchSet touched, int rowFrom, int rowTo) {
    return spike >= 0 ? scatter(spike, false, v, touched, rowFrom, rowTo)
        : scatter(~spike, true, v, touched, rowFrom, rowTo);
  }

  /** Number of synapses a spike of source neuron {@code spike} drives in the whole target layer. */
  abstract long fanout(int spike);

  /** The most target positions one source spike reaches (what marking them costs per spike). */
  int positionsPerSpike() {
    return 1;
  }

  /**
   * Number of synapses a spike of source neuron {@code spike} drives in target rows
   * {@code [rowFrom, rowTo)}: what {@link #scatter} into those rows returns, without scattering
   * (the dense kernel counts its ACs with it, SEMANTICS §6).
   */
  abstract long fanout(int spike, int rowFrom, int rowTo);

  /**
   * Dense kernel: {@code v += W·s} for every target neuron of rows {@code [rowFrom, rowTo)}, where
   * {@code s} holds the whole source layer's spikes of this timestep (0, +1 or -1 per neuron,
   * channels-last).
   */
  abstract void gather(byte[] s, long[] v, int rowFrom, int rowTo);

  /** Channel of a channels-last index of the source. */
  final int sourceChannel(int spike) {
    return sourceChannels.remainder(spike);
  }

  /** Pixel (y·W + x) of a channels-last index of the source. */
  final int sourcePixel(int spike) {
    return sourceChannels.quotient(spike);
  }
}
