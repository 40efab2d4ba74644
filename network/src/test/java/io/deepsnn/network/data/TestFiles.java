package io.deepsnn.network.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;

/** Writes small data set files for the tests. */
final class TestFiles {

  private TestFiles() {}

  /** An IDX file: the magic number, the dimension sizes, then the data. */
  static byte[] idx(int magic, int[] dims, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    b.putInt(magic);
    for (int d : dims) {
      b.putInt(d);
    }
    b.put(data);
    return b.array();
  }

  /** Deterministic pixel values that cover the whole 0–255 range (bytes above 127 included). */
  static byte[] pattern(int length, int seed) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (i * 37 + seed * 101 + i / 7);
    }
    return b;
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static Path write(Path file, byte[] data) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return Files.write(file, data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes an MNIST-style pair {@code <prefix>-images-idx3-ubyte[.gz]} and
   * {@code <prefix>-labels-idx1-ubyte[.gz]} and returns the images file.
   */
  static Path writeIdxPair(Path dir, String prefix, int rows, int cols, byte[] pixels,
      byte[] labels, boolean gzip) {
    String gz = gzip ? ".gz" : "";
    byte[] images = idx(0x803, new int[] {labels.length, rows, cols}, pixels);
    byte[] labelFile = idx(0x801, new int[] {labels.length}, labels);
    write(dir.resolve(prefix + "-labels-idx1-ubyte" + gz), gzip ? gzip(labelFile) : labelFile);
    return write(dir.resolve(prefix + "-images-idx3-ubyte" + gz), gzip ? gzip(images) : images);
  }

  /** CIFAR-10 records: label byte, then the 3,072 pixel bytes of each image. */
  static byte[] cifar(int[] labels, byte[][] pixels) {
    ByteBuffer b = ByteBuffer.allocate(labels.length * CifarDataset.RECORD);
    for (int i = 0; i < labels.length; i++) {
      b.put((byte) labels[i]);
      b.put(pixels[i]);
    }
    return b.array();
  }

  /** Pixel arrays for CIFAR records, distinct per record. */
  static byte[][] cifarPixels(int count, int seed) {
    byte[][] p = new byte[count][];
    for (int i = 0; i < count; i++) {
      p[i] = pattern(3072, seed + i);
    }
    return p;
  }

  /** An RGB image whose planar pixels are given in C×H×W order. */
  static BufferedImage rgbImage(int height, int width, byte[] planar) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int plane = height * width;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = y * width + x;
        int rgb = (planar[i] & 0xFF) << 16 | (planar[plane + i] & 0xFF) << 8
            | (planar[2 * plane + i] & 0xFF);
        image.setRGB(x, y, rgb);
      }
    }
    return image;
  }

  /** An 8-bit grey image whose pixels are given row-major. */
  static BufferedImage greyImage(int height, int width, byte[] grey) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setDataElements(0, 0, width, height, grey);
    return image;
  }

  static Path writePng(Path file, BufferedImage image) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      if (!ImageIO.write(image, "png", file.toFile())) {
        throw new IllegalStateException("no PNG writer");
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a whole stream, closing it. */
  static List<Sample> readAll(ImageDataset dataset) {
    List<Sample> samples = new ArrayList<>();
    try (SampleStream stream = dataset.open()) {
      stream.forEachRemaining(samples::add);
    }
    return samples;
  }

  /** The planar test image of the Pillow fixtures: 3×5×7, value (x·37 + y·91 + c·53 + x·y·13) mod 256. */
  static byte[] pillowFixture() {
    int h = 5;
    int w = 7;
    byte[] p = new byte[3 * h * w];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          p[(c * h + y) * w + x] = (byte) ((x * 37 + y * 91 + c * 53 + x * y * 13) % 256);
        }
      }
    }
    return p;
  }

  static int[] unsigned(byte[] b) {
    int[] u = new int[b.length];
    for (int i = 0; i < b.length; i++) {
      u[i] = b[i] & 0xFF;
    }
    return u;
  }
}
