package io.deepsnn.network.data;

/**
 * The preprocessing of {@link DatasetOptions}, in the order a torchvision pipeline applies it:
 * convert the channels (as {@code ImageFolder}'s loader and {@code Grayscale} do, before any
 * geometric transform), then {@code Resize(resize)} (shorter side, bilinear), then
 * {@code CenterCrop(crop)}.
 */
final class PixelTransform {

  private final int channels;
  private final int resize;
  private final int crop;

  /**
   * @param channels 1 or 3, or 0 to keep the stored channels
   * @param resize shorter side after resizing, or 0 for none
   * @param crop centre crop side, or 0 for none
   */
  PixelTransform(int channels, int resize, int crop) {
    this.channels = channels;
    this.resize = resize;
    this.crop = crop;
  }

  /** The transform asked for by the options. */
  static PixelTransform of(DatasetOptions options) {
    return new PixelTransform(options.channels(), options.resize(), options.crop());
  }

  /**
   * The shape an image of the given shape has after the transform.
   *
   * @throws IllegalArgumentException if the resized image would exceed {@link ImageSize#MAX_BYTES}
   */
  ImageSize output(ImageSize in) {
    int c = channels == 0 ? in.channels() : channels;
    int h = in.height();
    int w = in.width();
    if (resize > 0) {
      long[] hw = resizedSize(h, w, resize);
      if (!ImageSize.fits(c, hw[0], hw[1])) {
        throw new IllegalArgumentException("resizing " + in + " to shorter side " + resize
            + " gives " + hw[0] + "×" + hw[1] + ", too large");
      }
      h = (int) hw[0];
      w = (int) hw[1];
    }
    if (crop > 0) {
      h = crop;
      w = crop;
    }
    return new ImageSize(c, h, w);
  }

  /**
   * Applies the transform; returns the input itself when it changes nothing.
   *
   * @throws IllegalArgumentException if the resized image would be too large
   */
  PlanarImage apply(PlanarImage image) {
    ImageSize in = image.shape();
    output(in); // checks the size limit before anything is allocated
    PlanarImage out = channels == 0 ? image : ChannelConversion.convert(image, channels);
    if (resize > 0) {
      long[] hw = resizedSize(in.height(), in.width(), resize);
      out = BilinearResize.resize(out, (int) hw[0], (int) hw[1]);
    }
    if (crop > 0) {
      out = CenterCrop.crop(out, crop);
    }
    return out;
  }

  /**
   * torchvision's output size for {@code Resize(int)}: the shorter side becomes {@code size},
   * the longer {@code int(size * long / short)} (truncated, computed in double like Python).
   *
   * @return {height, width}
   */
  static long[] resizedSize(int height, int width, int size) {
    long shortSide = Math.min(height, width);
    long longSide = Math.max(height, width);
    long newLong = (long) ((double) ((long) size * longSide) / shortSide);
    return width <= height ? new long[] {newLong, size} : new long[] {size, newLong};
  }

  /** A description of the non-trivial steps, for {@link ImageDataset#describe()}. */
  String describe() {
    StringBuilder s = new StringBuilder();
    if (channels != 0) {
      s.append(", as ").append(channels == 1 ? "grayscale" : "RGB");
    }
    if (resize > 0) {
      s.append(", resized to shorter side ").append(resize);
    }
    if (crop > 0) {
      s.append(", centre-cropped to ").append(crop).append('×').append(crop);
    }
    return s.toString();
  }
}
