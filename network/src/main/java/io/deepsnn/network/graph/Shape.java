package io.deepsnn.network.graph;

/**
 * The shape of one image's tensor at some point of the network, channel-major (C×H×W), without
 * the batch dimension. A flat feature vector of n values is the shape n×1×1, so the element order
 * of a flattened tensor is the C×H×W order of the tensor it came from (as in ONNX and PyTorch).
 *
 * @param channels number of channels (or features, for a flat vector), at least 1
 * @param height spatial height, at least 1
 * @param width spatial width, at least 1
 */
public record Shape(int channels, int height, int width) {

  /** Validates the dimensions. */
  public Shape {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "shape dimensions must be positive, got " + channels + "x" + height + "x" + width);
    }
    long size = (long) channels * height * width;
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("shape " + channels + "x" + height + "x" + width
          + " has more than 2^31 elements");
    }
  }

  /** A channel-major image shape. */
  public static Shape of(int channels, int height, int width) {
    return new Shape(channels, height, width);
  }

  /**
   * Parses {@code C,H,W}, e.g. {@code 3,224,224}.
   *
   * @throws IllegalArgumentException naming the text when it is not three positive integers
   */
  public static Shape parse(String text) {
    String[] parts = text.split(",");
    try {
      if (parts.length == 3) {
        return of(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()), Integer.parseInt(parts[2].trim()));
      }
    } catch (IllegalArgumentException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException("expected C,H,W (three positive integers), got '" + text + "'");
  }

  /** A flat vector of {@code features} values. */
  public static Shape flat(int features) {
    return new Shape(features, 1, 1);
  }

  /** Number of elements per image. */
  public int size() {
    return channels * height * width;
  }

  /** Elements of one channel plane. */
  public int planeSize() {
    return height * width;
  }

  /** True for a flat vector (height and width 1). */
  public boolean isFlat() {
    return height == 1 && width == 1;
  }

  /** Flat index of element (c, y, x) in C×H×W order. */
  public int index(int c, int y, int x) {
    return (c * height + y) * width + x;
  }

  /** {@code C×H×W}, or just the feature count for a flat vector. */
  @Override
  public String toString() {
    return isFlat() ? Integer.toString(channels) : channels + "x" + height + "x" + width;
  }
}
