package io.deepsnn.network.data;

/**
 * Converts planar images between grayscale and RGB the way Pillow's {@code convert} does, so
 * that pixels match a PyTorch pipeline that converts with PIL.
 */
final class ChannelConversion {

  private ChannelConversion() {}

  /**
   * ITU-R 601-2 luma of one pixel in Pillow's fixed-point form,
   * {@code (R·19595 + G·38470 + B·7471 + 2^15) >> 16}: the weights 0.299, 0.587 and 0.114
   * scaled by 2^16 and rounded. It differs by one grey level from rounding the real-valued
   * formula for about 0.06 % of colours; we follow Pillow because that is what data were
   * prepared with.
   */
  static int luma(int r, int g, int b) {
    return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
  }

  /** Converts to the requested channel count (1 or 3); returns the image itself if equal. */
  static PlanarImage convert(PlanarImage image, int channels) {
    ImageSize in = image.shape();
    if (in.channels() == channels) {
      return image;
    }
    int plane = in.plane();
    ImageSize outShape = new ImageSize(channels, in.height(), in.width());
    byte[] src = image.pixels();
    byte[] out = new byte[outShape.bytes()];
    if (in.channels() == 1 && channels == 3) {
      // Pillow's L → RGB copies the grey value into each channel.
      for (int c = 0; c < 3; c++) {
        System.arraycopy(src, 0, out, c * plane, plane);
      }
    } else if (in.channels() == 3 && channels == 1) {
      for (int i = 0; i < plane; i++) {
        out[i] = (byte) luma(src[i] & 0xFF, src[plane + i] & 0xFF, src[2 * plane + i] & 0xFF);
      }
    } else {
      throw new IllegalArgumentException(
          "cannot convert " + in.channels() + " channels to " + channels);
    }
    return new PlanarImage(outShape, out);
  }
}
