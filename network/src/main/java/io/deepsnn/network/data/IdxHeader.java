package io.deepsnn.network.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * The header of an IDX file of unsigned bytes (the MNIST format): the magic number
 * {@code 0x000008nn}, where nn is the number of dimensions, then one big-endian 32-bit size per
 * dimension.
 *
 * @param file the file it was read from
 * @param dims the dimension sizes, the first being the record count
 */
record IdxHeader(Path file, int[] dims) {

  /** Magic number of an IDX images file: unsigned bytes, 3 dimensions (count, rows, columns). */
  static final int IMAGES_MAGIC = 0x00000803;

  /** Magic number of an IDX labels file: unsigned bytes, 1 dimension (count). */
  static final int LABELS_MAGIC = 0x00000801;

  /** Bytes before the data of a file with this header. */
  long headerBytes() {
    return 4L + 4L * dims.length;
  }

  /** The number of records (images or labels). */
  int count() {
    return dims[0];
  }

  /**
   * Reads and checks the header of an images or labels file.
   *
   * @param file the IDX file, raw or gzip
   * @param magic {@link #IMAGES_MAGIC} or {@link #LABELS_MAGIC}
   * @throws DatasetException on a wrong magic number, a short file or a negative size
   */
  static IdxHeader read(Path file, int magic) {
    String kind = magic == IMAGES_MAGIC ? "images" : "labels";
    int ndims = magic & 0xFF;
    byte[] bytes = new byte[4 + 4 * ndims];
    int n;
    try (InputStream in = DataFiles.open(file)) {
      n = DataFiles.readFully(in, bytes, 0, bytes.length, file);
    } catch (IOException e) {
      throw new DatasetException(file, "cannot read: " + e.getMessage(), e);
    }
    if (n < 4) {
      throw new DatasetException(file, "too short for an IDX file (" + n + " bytes)");
    }
    int found = readInt(bytes, 0);
    if (found != magic) {
      throw new DatasetException(file, String.format(
          "bad IDX magic number 0x%08X (expected 0x%08X for %s)", found, magic, kind));
    }
    if (n < bytes.length) {
      throw new DatasetException(file, "truncated IDX header (" + n + " of " + bytes.length
          + " bytes)");
    }
    int[] dims = new int[ndims];
    for (int i = 0; i < ndims; i++) {
      dims[i] = readInt(bytes, 4 + 4 * i);
      // The first size is the count, which may be 0; an image needs at least one pixel.
      if (dims[i] < (i == 0 ? 0 : 1)) {
        throw new DatasetException(file, "bad IDX header: dimension " + i + " has size "
            + (dims[i] & 0xFFFFFFFFL));
      }
    }
    return new IdxHeader(file, dims);
  }

  /** Reads the first four bytes of a file's (inflated) content as a big-endian int, or -1. */
  static int peekMagic(Path file) {
    byte[] bytes = new byte[4];
    try (InputStream in = DataFiles.open(file)) {
      return DataFiles.readFully(in, bytes, 0, 4, file) < 4 ? -1 : readInt(bytes, 0);
    } catch (IOException e) {
      throw new DatasetException(file, "cannot read: " + e.getMessage(), e);
    }
  }

  private static int readInt(byte[] b, int at) {
    return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8
        | (b[at + 3] & 0xFF);
  }
}
