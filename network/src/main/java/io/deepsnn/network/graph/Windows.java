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

  /**
   * The output shape of a pool of {@code kernelH×kernelW} with the given strides and padding over
   * {@code in} (channels kept).
   *
   * @throws IllegalArgumentException when a padding is not smaller than the kernel or no window fits
   */
  public static Shape pooledShape(Shape in, int kernelH, int kernelW, int strideH, int strideW, Padding padding) {
    if (padding.top() >= kernelH || padding.bottom() >= kernelH
        || padding.left() >= kernelW || padding.right() >= kernelW) {
      throw new IllegalArgumentException("pool padding " + padding + " must be smaller than the kernel");
    }
    int h = outputSize(in.height(), kernelH, strideH, padding.top(), padding.bottom());
    int w = outputSize(in.width(), kernelW, strideW, padding.left(), padding.right());
    return Shape.of(in.channels(), h, w);
  }
}
