package io.deepsnn.network.data;

/**
 * The C×H×W shape of one image, with the size limit that guards every allocation.
 *
 * @param channels C
 * @param height H
 * @param width W
 */
record ImageSize(int channels, int height, int width) {

  /**
   * Largest image we allocate, in bytes. Headers of IDX files and images are checked against
   * it before allocating, so a corrupt or hostile header cannot make us allocate gigabytes.
   * 256 MiB still admits the largest ImageNet photographs.
   */
  static final long MAX_BYTES = 1L << 28;

  ImageSize {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException("empty image shape " + channels + "×" + height + "×" + width);
    }
  }

  /**
   * Whether an image of these dimensions fits under {@link #MAX_BYTES}.
   *
   * @return true when {@code channels × height × width <= MAX_BYTES}, computed without overflow
   */
  static boolean fits(long channels, long height, long width) {
    return channels > 0 && height > 0 && width > 0
        && height <= MAX_BYTES && width <= MAX_BYTES
        && channels * height * width <= MAX_BYTES;
  }

  /** Bytes of one image in this shape; fits an int because the constructor callers check. */
  int bytes() {
    return Math.toIntExact((long) channels * height * width);
  }

  /** Pixels of one channel plane. */
  int plane() {
    return Math.toIntExact((long) height * width);
  }

  @Override
  public String toString() {
    return channels + "×" + height + "×" + width;
  }
}
