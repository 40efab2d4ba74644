package io.deepsnn.network.snn;

/**
 * The fixed-point format of membrane potentials, synaptic weights and thresholds: a {@code long}
 * holding the value times 2^32.
 *
 * <p>Why not float: integer addition is associative, so the membrane potential after a timestep
 * does not depend on the order in which spikes arrive. That is what makes every execution — event
 * driven or dense, one image or a batch, one actor or seven tiles, one JVM or a cluster, lockstep
 * or any arrival order — give bit-identical spikes. With 32 fraction bits, weights keep at least
 * float32's absolute resolution for |w| &ge; 2^-9, and the integer part holds ±2^31, far beyond any
 * membrane potential a converted network reaches.
 */
public final class Fixed {
  /** Number of fraction bits. */
  public static final int FRACTION_BITS = 32;
  /** The fixed-point value of 1.0. */
  public static final long ONE = 1L << FRACTION_BITS;
  private static final double SCALE = ONE;
  private static final double LIMIT = 0x1p62;

  private Fixed() {
  }

  /**
   * The nearest fixed-point value of {@code v}.
   *
   * @throws ArithmeticException when {@code v} is not finite or beyond ±2^30
   */
  public static long of(double v) {
    double scaled = v * SCALE;
    if (!Double.isFinite(scaled) || Math.abs(scaled) >= LIMIT) {
      throw new ArithmeticException("value " + v + " is outside the fixed-point range");
    }
    return Math.round(scaled);
  }

  /** The value as a double (exact for every fixed-point value below 2^53 in magnitude). */
  public static double toDouble(long fixed) {
    return fixed / SCALE;
  }

  /** Fixed-point copies of {@code weights}, each multiplied by {@code factor} first (in double). */
  public static long[] of(float[] weights, double factor) {
    long[] out = new long[weights.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = of(weights[i] * factor);
    }
    return out;
  }
}
