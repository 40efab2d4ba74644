package io.deepsnn.network.snn;

import java.util.Arrays;

/**
 * The firing threshold θ of every layer of a {@link SpikingNetwork} (index 0, the input, has
 * none and holds NaN), and the bias corrections that bias calibration adds to some layers'
 * currents (SEMANTICS §7). Thresholds are stored as doubles and used as fixed-point values.
 */
public final class Thresholds {
  private final double[] values;
  /** Per layer, the current added to each output channel every timestep (in θ units), or null. */
  private final double[][] corrections;

  /** Thresholds from an array indexed by layer; entry 0 is ignored. */
  public Thresholds(double[] values) {
    this(values, new double[values.length][]);
  }

  private Thresholds(double[] values, double[][] corrections) {
    this.values = values.clone();
    this.values[0] = Double.NaN;
    this.corrections = new double[values.length][];
    for (int l = 0; l < values.length; l++) {
      this.corrections[l] = corrections[l] == null ? null : corrections[l].clone();
    }
  }

  /**
   * A copy in which layer {@code l} gets the bias correction {@code perChannel} (one current per
   * output channel, in θ units, added every timestep like a bias current; null removes it).
   */
  public Thresholds withCorrection(int l, double[] perChannel) {
    double[][] c = corrections.clone();
    c[l] = perChannel;
    return new Thresholds(values, c);
  }

  /** Layer {@code l}'s bias correction per output channel, or null when it has none. */
  public double[] correction(int l) {
    return corrections[l] == null ? null : corrections[l].clone();
  }

  /** All thresholds unset (NaN), for a network of {@code layers} layers. */
  public static Thresholds unset(int layers) {
    double[] v = new double[layers];
    Arrays.fill(v, Double.NaN);
    return new Thresholds(v);
  }

  /** θ of layer {@code l}, or NaN if unset. */
  public double get(int l) {
    return values[l];
  }

  /** A copy with θ of layer {@code l} set. */
  public Thresholds with(int l, double theta) {
    double[] v = values.clone();
    v[l] = theta;
    return new Thresholds(v, corrections);
  }

  /** Number of layers including the input. */
  public int size() {
    return values.length;
  }

  /** All values (index 0 is NaN). */
  public double[] values() {
    return values.clone();
  }

  /**
   * The fixed-point threshold of layer {@code l}.
   *
   * @throws IllegalStateException naming the layer when it is unset, not positive or not finite
   */
  long fixed(SpikingNetwork net, int l) {
    double t = values[l];
    if (!(t > 0) || !Double.isFinite(t)) {
      throw new IllegalStateException("layer " + l + " ('" + net.layer(l).name() + "') has threshold " + t
          + "; thresholds must be positive and finite");
    }
    return Fixed.of(t);
  }

  @Override
  public String toString() {
    return Arrays.toString(values);
  }
}
