package io.deepsnn.network.data;

/**
 * Bilinear resizing of 8-bit planar images, a port of Pillow's {@code ImagingResample} with its
 * bilinear ("triangle") filter, which is what torchvision's {@code Resize} runs on PIL images.
 *
 * <p>Like Pillow it is separable (horizontal pass first, rounded to 8 bits in between) and, when
 * downscaling, widens the filter by the scale factor, which averages over the covered area
 * (antialiasing); weights are fixed-point integers with 22 fractional bits. The tests check it
 * against Pillow 9.4 bit for bit on a range of sizes and scale factors, but other Pillow versions
 * or untested sizes may differ, so take it as approximating PIL rather than as a guarantee.
 */
final class BilinearResize {

  /** Fractional bits of the fixed-point weights, Pillow's {@code PRECISION_BITS}. */
  private static final int PRECISION_BITS = 32 - 8 - 2;

  private BilinearResize() {}

  /**
   * Resizes every channel of an image.
   *
   * @param image the input
   * @param height the output rows
   * @param width the output columns
   * @return the resized image, or the input itself when the size is unchanged
   */
  static PlanarImage resize(PlanarImage image, int height, int width) {
    ImageSize in = image.shape();
    int channels = in.channels();
    byte[] pixels = image.pixels();
    int rows = in.height();
    int cols = in.width();
    if (cols != width) {
      Coefficients k = Coefficients.of(cols, width);
      byte[] out = new byte[Math.multiplyExact(channels * rows, width)];
      for (int row = 0; row < channels * rows; row++) {
        int src = row * cols;
        int dst = row * width;
        for (int x = 0; x < width; x++) {
          int first = k.first[x];
          int base = x * k.size;
          int sum = 1 << (PRECISION_BITS - 1);
          for (int i = 0; i < k.count[x]; i++) {
            sum += (pixels[src + first + i] & 0xFF) * k.weights[base + i];
          }
          out[dst + x] = clip8(sum);
        }
      }
      pixels = out;
      cols = width;
    }
    if (rows != height) {
      Coefficients k = Coefficients.of(rows, height);
      byte[] out = new byte[Math.multiplyExact(channels * height, cols)];
      for (int c = 0; c < channels; c++) {
        int plane = c * rows * cols;
        for (int y = 0; y < height; y++) {
          int first = k.first[y];
          int base = y * k.size;
          int dst = (c * height + y) * cols;
          for (int x = 0; x < cols; x++) {
            int sum = 1 << (PRECISION_BITS - 1);
            for (int i = 0; i < k.count[y]; i++) {
              sum += (pixels[plane + (first + i) * cols + x] & 0xFF) * k.weights[base + i];
            }
            out[dst + x] = clip8(sum);
          }
        }
      }
      pixels = out;
      rows = height;
    }
    return pixels == image.pixels() ? image
        : new PlanarImage(new ImageSize(channels, rows, cols), pixels);
  }

  /** Rounds a fixed-point sum (which already holds +0.5) to 0–255. */
  private static byte clip8(int sum) {
    return (byte) Math.max(0, Math.min(255, sum >> PRECISION_BITS));
  }

  /** Pillow's bilinear filter: a triangle of support 1. */
  private static double triangle(double x) {
    double a = Math.abs(x);
    return a < 1.0 ? 1.0 - a : 0.0;
  }

  /**
   * The filter weights of one axis, Pillow's {@code precompute_coeffs} followed by
   * {@code normalize_coeffs_8bpc}: output position {@code i} reads {@code count[i]} input
   * positions from {@code first[i]} with weights {@code weights[i * size …]}.
   */
  private static final class Coefficients {
    final int size;
    final int[] first;
    final int[] count;
    final int[] weights;

    private Coefficients(int size, int outSize) {
      this.size = size;
      this.first = new int[outSize];
      this.count = new int[outSize];
      this.weights = new int[Math.multiplyExact(size, outSize)];
    }

    static Coefficients of(int inSize, int outSize) {
      double scale = (double) inSize / outSize;
      double filterScale = Math.max(scale, 1.0);
      double support = 1.0 * filterScale;
      Coefficients k = new Coefficients((int) Math.ceil(support) * 2 + 1, outSize);
      double[] w = new double[k.size];
      for (int xx = 0; xx < outSize; xx++) {
        double center = (xx + 0.5) * scale;
        double ss = 1.0 / filterScale;
        // (int) truncates toward zero as C does; Pillow relies on it to "round" here.
        int xmin = Math.max((int) (center - support + 0.5), 0);
        int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
        double total = 0.0;
        for (int x = 0; x < xmax; x++) {
          w[x] = triangle((x + xmin - center + 0.5) * ss);
          total += w[x];
        }
        for (int x = 0; x < xmax; x++) {
          double v = total != 0.0 ? w[x] / total : w[x];
          k.weights[xx * k.size + x] = v < 0
              ? (int) (-0.5 + v * (1 << PRECISION_BITS))
              : (int) (0.5 + v * (1 << PRECISION_BITS));
        }
        k.first[xx] = xmin;
        k.count[xx] = xmax;
      }
      return k;
    }
  }
}
