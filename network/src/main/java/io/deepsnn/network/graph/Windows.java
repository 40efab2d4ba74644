package io.deepsnn.network.graph;

/** Sliding-window arithmetic shared by convolutions and pools (floor mode, as ONNX's default). */
public final class Windows {
  private Windows() {
  }

  /**
   * Output length of a window of {@code kernel} sliding with {@code stride} over {@code size}
   * inputs padded by {@code padBegin} and {@code padEnd}.
   *
   * @throws IllegalArgumentException when not even one window fits
   */
  public static int outputSize(int size, int kernel, int stride, int padBegin, int padEnd) {
    int span = size + padBegin + padEnd - kernel;
    if (span < 0) {
      throw new IllegalArgumentException("window " + kernel + " does not fit input " + size
          + " padded by " + padBegin + "+" + padEnd);
    }
    return span / stride + 1;
  }
}
