package io.deepsnn.network.data;

/**
 * torchvision's {@code CenterCrop} on planar images: the offset is
 * {@code round((size − crop) / 2)} with Python's round-half-to-even, and a crop larger than the
 * image pads it with zeros as torchvision does.
 */
final class CenterCrop {

  private CenterCrop() {}

  /**
   * Crops the centre square of an image.
   *
   * @param image the input
   * @param crop the side of the square
   * @return the crop, or the input itself when it already is {@code crop}×{@code crop}
   */
  static PlanarImage crop(PlanarImage image, int crop) {
    ImageSize in = image.shape();
    if (in.height() == crop && in.width() == crop) {
      return image;
    }
    int top = offset(in.height(), crop);
    int left = offset(in.width(), crop);
    ImageSize outShape = new ImageSize(in.channels(), crop, crop);
    byte[] src = image.pixels();
    byte[] out = new byte[outShape.bytes()];
    for (int c = 0; c < in.channels(); c++) {
      for (int y = 0; y < crop; y++) {
        int sy = y + top;
        if (sy < 0 || sy >= in.height()) {
          continue; // zero padding
        }
        int x0 = Math.max(0, -left);
        int x1 = Math.min(crop, in.width() - left);
        if (x1 > x0) {
          System.arraycopy(src, (c * in.height() + sy) * in.width() + left + x0,
              out, (c * crop + y) * crop + x0, x1 - x0);
        }
      }
    }
    return new PlanarImage(outShape, out);
  }

  /**
   * Where the crop starts along one axis; negative when torchvision would pad first, by
   * {@code (crop − size) // 2} on the leading side.
   */
  static int offset(int size, int crop) {
    if (crop > size) {
      return -((crop - size) / 2);
    }
    return (int) Math.rint((size - crop) / 2.0); // rint rounds half to even, like Python
  }
}
