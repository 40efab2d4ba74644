package io.deepsnn.network.snn;

/**
 * Division of non-negative ints by a divisor fixed when a projection is built, as a multiply and
 * a shift (Granlund and Montgomery 1994, Theorem 4.2 with N = 31: for ℓ = ⌈log₂ d⌉ and
 * m = ⌈2^(31+ℓ) / d⌉, ⌊n / d⌋ = ⌊n·m / 2^(31+ℓ)⌋ for every 0 ≤ n < 2^31, and n·m < 2^63).
 * Every spike's channel and pixel come from such a division; a hardware integer division costs
 * several times the multiply, and the profile showed it at 9 % of a ResNet-20 run.
 */
final class Divisor {
  private final int d;
  private final long m;
  private final int shift;

  Divisor(int d) {
    if (d <= 0) {
      throw new IllegalArgumentException("divisor " + d + " must be positive");
    }
    this.d = d;
    int l = 32 - Integer.numberOfLeadingZeros(d - 1); // ⌈log₂ d⌉ (0 for d = 1)
    this.shift = 31 + l;
    this.m = ((1L << shift) + d - 1) / d;
  }

  /** {@code n / d} for {@code n ≥ 0}. */
  int quotient(int n) {
    return (int) ((n * m) >>> shift);
  }

  /** {@code n % d} for {@code n ≥ 0}. */
  int remainder(int n) {
    return n - quotient(n) * d;
  }
}
