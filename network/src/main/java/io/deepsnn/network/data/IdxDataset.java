package io.deepsnn.network.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An IDX images file with its labels file (MNIST, Fashion-MNIST, …), raw or gzip, read one
 * record at a time from both.
 *
 * <p>The format stores no class names, so classes are numbered. There are 10 of them (the MNIST
 * family) unless the labels file holds larger labels (EMNIST), then as many as the largest label
 * plus one: labels are one byte per image, so scanning them when opening is cheap, and it also
 * checks the labels file against its header before any image is streamed.
 */
final class IdxDataset extends SeekableDataset {

  private static final int DEFAULT_CLASSES = 10;

  private final Path images;
  private final Path labels;
  private final ImageSize stored;
  private final PixelTransform transform;

  private IdxDataset(Path images, Path labels, ImageSize stored, PixelTransform transform,
      ImageSize shape, int size, int numClasses) {
    super(shape, size, numericNames(numClasses));
    this.images = images;
    this.labels = labels;
    this.stored = stored;
    this.transform = transform;
  }

  /**
   * Opens an images file and its labels file, checking both headers and, for raw files, that
   * the file lengths match them.
   */
  static IdxDataset open(Path images, Path labels, DatasetOptions options) {
    DataFiles.requireReadableFile(images);
    DataFiles.requireReadableFile(labels);
    IdxHeader imageHeader = IdxHeader.read(images, IdxHeader.IMAGES_MAGIC);
    IdxHeader labelHeader = IdxHeader.read(labels, IdxHeader.LABELS_MAGIC);
    int count = imageHeader.count();
    int rows = imageHeader.dims()[1];
    int cols = imageHeader.dims()[2];
    if (!ImageSize.fits(1, rows, cols)) {
      throw new DatasetException(images, "IDX header declares images of " + rows + "×" + cols
          + " pixels, beyond the " + DataFiles.count(ImageSize.MAX_BYTES) + "-byte limit");
    }
    if (labelHeader.count() != count) {
      throw new DatasetException(labels, "holds " + DataFiles.count(labelHeader.count())
          + " labels but " + images.getFileName() + " holds " + DataFiles.count(count)
          + " images");
    }
    long imageBytes = (long) rows * cols;
    checkRawLength(images, imageHeader.headerBytes(), count, imageBytes,
        "images of " + rows + "×" + cols);
    checkRawLength(labels, labelHeader.headerBytes(), count, 1, "labels");
    int maxLabel = scanLabels(labels, labelHeader);
    int numClasses = Math.max(DEFAULT_CLASSES, maxLabel + 1);
    ImageSize stored = new ImageSize(1, rows, cols);
    PixelTransform transform = PixelTransform.of(options);
    ImageSize shape;
    try {
      shape = transform.output(stored);
    } catch (IllegalArgumentException e) {
      throw new DatasetException(images, e.getMessage(), e);
    }
    return new IdxDataset(images, labels, stored, transform, shape, count, numClasses);
  }

  /**
   * Compares a raw file's length with what its header declares (gzip files cannot be measured
   * without inflating them; their truncation shows while streaming).
   */
  private static void checkRawLength(Path file, long header, int count, long recordBytes,
      String what) {
    if (DataFiles.isGzip(file)) {
      return;
    }
    long expected = header + count * recordBytes;
    long actual;
    try {
      actual = Files.size(file);
    } catch (IOException e) {
      throw new DatasetException(file, "cannot read: " + e.getMessage(), e);
    }
    if (actual < expected) {
      long whole = Math.max(0, (actual - header) / recordBytes);
      throw new DatasetException(file, "truncated: the header declares " + DataFiles.count(count)
          + " " + what + " (" + DataFiles.count(expected) + " bytes) but the file has "
          + DataFiles.count(actual) + " bytes (" + DataFiles.count(whole) + " whole records)");
    }
    if (actual > expected) {
      throw new DatasetException(file, "has " + DataFiles.count(actual - expected)
          + " bytes more than the " + DataFiles.count(count) + " " + what
          + " its header declares");
    }
  }

  /** Reads all labels once (constant memory) and returns the largest. */
  private static int scanLabels(Path labels, IdxHeader header) {
    int count = header.count();
    byte[] buffer = new byte[DataFiles.BUFFER];
    int max = -1;
    try (InputStream in = DataFiles.open(labels)) {
      int skipped = DataFiles.readFully(in, buffer, 0, (int) header.headerBytes(), labels);
      if (skipped < header.headerBytes()) {
        throw new DatasetException(labels, "truncated IDX header");
      }
      int done = 0;
      while (done < count) {
        int chunk = Math.min(buffer.length, count - done);
        int n = DataFiles.readFully(in, buffer, 0, chunk, labels);
        for (int i = 0; i < n; i++) {
          max = Math.max(max, buffer[i] & 0xFF);
        }
        done += n;
        if (n < chunk) {
          throw new DatasetException(labels, "truncated at label " + DataFiles.count(done)
              + " of " + DataFiles.count(count));
        }
      }
    } catch (IOException e) {
      throw new DatasetException(labels, "cannot read: " + e.getMessage(), e);
    }
    return max;
  }

  @Override
  SampleStream open(Selection selection) {
    return new Stream(checked(selection));
  }

  @Override
  public String describe() {
    return "IDX " + images.toAbsolutePath() + " + " + labels.getFileName() + ": "
        + DataFiles.count(size()) + " samples of " + shape()
        + (shape().equals(stored) ? "" : " (stored " + stored + ")") + transform.describe() + ", " + numClasses() + " classes";
  }

  /** Reads images and labels side by side, one record each per sample. */
  private final class Stream extends BaseSampleStream {
    private final RecordReader imageReader;
    private final RecordReader labelReader;
    private final byte[] label = new byte[1];

    Stream(Selection selection) {
      super(selection);
      imageReader = new RecordReader(images, 16, stored.bytes());
      try {
        labelReader = new RecordReader(labels, 8, 1);
      } catch (RuntimeException e) {
        imageReader.close();
        throw e;
      }
    }

    @Override
    protected Sample read(int position) {
      byte[] pixels = new byte[stored.bytes()];
      if (imageReader.read(position, pixels) < pixels.length) {
        throw new DatasetException(images, "truncated at image " + DataFiles.count(position)
            + " of " + DataFiles.count(size()));
      }
      if (labelReader.read(position, label) < 1) {
        throw new DatasetException(labels, "truncated at label " + DataFiles.count(position)
            + " of " + DataFiles.count(size()));
      }
      int value = label[0] & 0xFF;
      if (value >= numClasses()) {
        // Only if the file changed since it was scanned when opening.
        throw new DatasetException(labels, "label " + value + " of record " + position
            + " is out of range 0-" + (numClasses() - 1));
      }
      PlanarImage image = transform.apply(new PlanarImage(stored, pixels));
      return new Sample(position, value, image.pixels());
    }

    @Override
    protected void release() {
      try {
        imageReader.close();
      } finally {
        labelReader.close();
      }
    }
  }
}
