package io.deepsnn.normalizer;

/** Thresholds inside residual units (SEMANTICS §5). */
public enum ResidualPolicy {
  /** θ = 1 for the non-identity IF layers and junctions of residual units (the paper). */
  UNITY,
  /** Balance them like every other layer (for comparison: the identity path is then mis-scaled). */
  BALANCED;

  /** Parses {@code unity} or {@code balanced}. */
  public static ResidualPolicy parse(String s) {
    return switch (s.toLowerCase()) {
      case "unity" -> UNITY;
      case "balanced" -> BALANCED;
      default -> throw new IllegalArgumentException("unknown residual policy '" + s + "' (unity or balanced)");
    };
  }
}
