package io.deepsnn.network.graph;

/**
 * Zero padding around the spatial plane, in pixels. ONNX writes it as
 * {@code [top, left, bottom, right]} ({@code x1_begin, x2_begin, x1_end, x2_end}).
 */
public record Padding(int top, int left, int bottom, int right) {

  /** No padding. */
  public static final Padding NONE = new Padding(0, 0, 0, 0);

  /** Validates that no side is negative. */
  public Padding {
    if (top < 0 || left < 0 || bottom < 0 || right < 0) {
      throw new IllegalArgumentException("negative padding " + top + "," + left + "," + bottom + "," + right);
    }
  }

  /** The same padding on all four sides. */
  public static Padding uniform(int p) {
    return new Padding(p, p, p, p);
  }

  /** Side-by-side sum: padding applied twice in a row. */
  public Padding plus(Padding other) {
    return new Padding(top + other.top, left + other.left, bottom + other.bottom, right + other.right);
  }

  /** True when all sides are zero. */
  public boolean isZero() {
    return top == 0 && left == 0 && bottom == 0 && right == 0;
  }

  @Override
  public String toString() {
    return "[" + top + "," + left + "," + bottom + "," + right + "]";
  }
}
