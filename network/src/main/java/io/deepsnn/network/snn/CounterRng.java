package io.deepsnn.network.snn;

/**
 * The counter-based uniform numbers of the Poisson input (SEMANTICS §2): a pure function of
 * (seed, image index, timestep, element index), so that every thread, tile, actor or node that
 * asks for the same element gets the same number.
 */
public final class CounterRng {
  private CounterRng() {
  }

  /** The splitmix64 finaliser (64-bit unsigned arithmetic; Java's wrap-around is exactly that). */
  public static long splitmix64(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The per-(seed, image, timestep) base from which the element numbers derive. */
  public static long base(long seed, long image, long timestep) {
    return splitmix64(splitmix64(splitmix64(seed) ^ image) ^ timestep);
  }

  /** The 24-bit integer behind {@link #uniform}. */
  public static int bits24(long base, long element) {
    return (int) (splitmix64(base ^ element) >>> 40);
  }

  /** u(seed, i, t, k) for a precomputed {@code base(seed, i, t)}: a float in [0, 1). */
  public static float uniform(long base, long element) {
    return bits24(base, element) * 0x1p-24f;
  }

  /** u(seed, i, t, k). */
  public static float uniform(long seed, long image, long timestep, long element) {
    return uniform(base(seed, image, timestep), element);
  }
}
