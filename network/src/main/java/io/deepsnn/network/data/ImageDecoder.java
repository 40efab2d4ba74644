package io.deepsnn.network.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes one JPEG or PNG file with {@code javax.imageio} into a planar 8-bit image with 1 or 3
 * channels, taking the stored values as Pillow does.
 *
 * <p>Like Pillow (and unlike {@link BufferedImage#getRGB}) it takes 8-bit samples as they are:
 * no colour-profile or gamma conversion, alpha dropped without compositing. Grey images are
 * replicated to RGB, RGB images are turned grey with Pillow's luma. PNG pixels are exact. Java's
 * JPEG decoder is not Pillow's libjpeg-turbo: on the 10,000 CIFAR-10 test JPEGs the pixels came
 * out identical, but other JPEGs (other chroma subsampling, progressive) may differ slightly.
 * CMYK JPEGs are not supported by {@code javax.imageio} and are reported as unreadable.
 */
final class ImageDecoder {

  private ImageDecoder() {}

  /**
   * The width and height of an image, read from its header without decoding the pixels.
   *
   * @return {height, width}
   */
  static int[] size(Path file) {
    return withReader(file, reader -> new int[] {reader.getHeight(0), reader.getWidth(0)});
  }

  /**
   * Decodes an image.
   *
   * @param file a JPEG or PNG file
   * @param channels 1 for grayscale, 3 for RGB
   * @throws DatasetException naming the file if it cannot be decoded or is too large
   */
  static PlanarImage decode(Path file, int channels) {
    return withReader(file, reader -> {
      long width = reader.getWidth(0);
      long height = reader.getHeight(0);
      // Checked before decoding: a header may claim any size.
      if (!ImageSize.fits(4, height, width)) {
        throw new DatasetException(file, "image of " + width + "×" + height
            + " pixels is larger than the " + DataFiles.count(ImageSize.MAX_BYTES) + "-byte limit");
      }
      return toPlanar(reader.read(0), channels);
    });
  }

  /** What to do with an image reader positioned on a file. */
  private interface ReaderTask<T> {
    T apply(ImageReader reader) throws IOException;
  }

  private static <T> T withReader(Path file, ReaderTask<T> task) {
    DataFiles.requireReadableFile(file);
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) {
        throw new DatasetException(file, "cannot open as an image");
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new DatasetException(file, "not a readable JPEG/PNG image (unknown or corrupt content)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        return task.apply(reader);
      } finally {
        reader.dispose();
      }
    } catch (DatasetException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Decoders throw IIOException for corrupt data, but also IllegalArgumentException or
      // IndexOutOfBoundsException on some malformed headers: all mean "bad image".
      throw new DatasetException(file, "corrupt or unreadable image: " + e, e);
    }
  }

  /** Copies the samples of a decoded image into planar bytes. */
  static PlanarImage toPlanar(BufferedImage image, int channels) {
    int width = image.getWidth();
    int height = image.getHeight();
    Raster raster = image.getRaster();
    ColorModel model = image.getColorModel();
    int colourSpace = model.getColorSpace().getType();
    boolean indexed = model instanceof IndexColorModel;
    int plane = Math.multiplyExact(width, height);
    int[] row = new int[width];
    PlanarImage stored;
    if (!indexed && colourSpace == ColorSpace.TYPE_GRAY) {
      byte[] grey = new byte[plane];
      int bits = model.getComponentSize(0);
      for (int y = 0; y < height; y++) {
        raster.getSamples(0, y, width, 1, 0, row);
        for (int x = 0; x < width; x++) {
          grey[y * width + x] = (byte) to8Bits(row[x], bits);
        }
      }
      stored = new PlanarImage(new ImageSize(1, height, width), grey);
    } else if (!indexed && colourSpace == ColorSpace.TYPE_RGB && raster.getNumBands() >= 3) {
      byte[] rgb = new byte[Math.multiplyExact(3, plane)];
      for (int c = 0; c < 3; c++) {
        int bits = model.getComponentSize(c);
        for (int y = 0; y < height; y++) {
          raster.getSamples(0, y, width, 1, c, row);
          for (int x = 0; x < width; x++) {
            rgb[c * plane + y * width + x] = (byte) to8Bits(row[x], bits);
          }
        }
      }
      stored = new PlanarImage(new ImageSize(3, height, width), rgb);
    } else {
      // Palettes and unusual colour spaces: let the colour model produce sRGB.
      byte[] rgb = new byte[Math.multiplyExact(3, plane)];
      for (int y = 0; y < height; y++) {
        image.getRGB(0, y, width, 1, row, 0, width);
        for (int x = 0; x < width; x++) {
          int argb = row[x];
          int at = y * width + x;
          rgb[at] = (byte) (argb >> 16);
          rgb[plane + at] = (byte) (argb >> 8);
          rgb[2 * plane + at] = (byte) argb;
        }
      }
      stored = new PlanarImage(new ImageSize(3, height, width), rgb);
    }
    return ChannelConversion.convert(stored, channels);
  }

  /** Scales a sample of another bit depth to 0–255, rounding. */
  private static int to8Bits(int sample, int bits) {
    if (bits == 8) {
      return sample;
    }
    long max = (1L << bits) - 1;
    return (int) ((sample * 255L + max / 2) / max);
  }
}
