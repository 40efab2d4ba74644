package io.deepsnn.network.data;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One or more CIFAR-10 binary batch files, raw or gzip, read as one data set in file order.
 *
 * <p>Each record is 3,073 bytes: the label (0–9), then the 32×32 red, green and blue planes,
 * row-major, which is already the C×H×W order of a {@link Sample}. The format has no header,
 * so the record count comes from the file length; a gzip file is inflated once when opening to
 * measure it (constant memory, a fraction of a second per batch).
 */
final class CifarDataset extends SeekableDataset {

  /** Classes of CIFAR-10; labels must be below it. */
  static final int CLASSES = 10;

  /** Bytes of one record: label byte plus 3×32×32 pixels. */
  static final int RECORD = 1 + 3 * 32 * 32;

  private static final ImageSize STORED = new ImageSize(3, 32, 32);

  private final List<Path> files;
  /** {@code firsts[i]} is the data set index of file i's first record; one extra at the end. */
  private final int[] firsts;
  private final PixelTransform transform;

  private CifarDataset(List<Path> files, int[] firsts, List<String> classNames,
      PixelTransform transform, ImageSize shape) {
    super(shape, firsts[files.size()], classNames);
    this.files = List.copyOf(files);
    this.firsts = firsts;
    this.transform = transform;
  }

  /** Opens batch files, concatenated in the given order, measuring each. */
  static CifarDataset open(List<Path> files, List<String> classNames, DatasetOptions options) {
    int[] firsts = new int[files.size() + 1];
    for (int i = 0; i < files.size(); i++) {
      long records = countRecords(files.get(i));
      if (firsts[i] + records > Integer.MAX_VALUE) {
        throw new DatasetException(files.get(i), "too many records in all for one data set");
      }
      firsts[i + 1] = (int) (firsts[i] + records);
    }
    PixelTransform transform = PixelTransform.of(options);
    ImageSize shape;
    try {
      shape = transform.output(STORED);
    } catch (IllegalArgumentException e) {
      throw new DatasetException(files.get(0), e.getMessage(), e);
    }
    return new CifarDataset(files, firsts, classNames, transform, shape);
  }

  private static long countRecords(Path file) {
    DataFiles.requireReadableFile(file);
    DataFiles.Length length = DataFiles.length(file);
    long bytes = length.bytes();
    long whole = bytes / RECORD;
    if (length.cutOff()) {
      throw new DatasetException(file, "truncated: the gzip stream breaks off after "
          + DataFiles.count(bytes) + " bytes, in record " + DataFiles.count(whole));
    }
    if (bytes % RECORD != 0) {
      boolean gzip = DataFiles.isGzip(file);
      throw new DatasetException(file, "truncated: " + (gzip ? "the gzip stream ends" : "the file ends")
          + " in the middle of record " + DataFiles.count(whole) + " (" + DataFiles.count(bytes)
          + " bytes is not a multiple of the " + DataFiles.count(RECORD)
          + "-byte CIFAR-10 record)");
    }
    if (bytes == 0) {
      throw new DatasetException(file, "empty file, not a CIFAR-10 batch");
    }
    return whole;
  }

  @Override
  SampleStream open(Selection selection) {
    return new Stream(checked(selection));
  }

  @Override
  public String describe() {
    String names = files.stream().map(f -> f.getFileName().toString())
        .collect(Collectors.joining(", "));
    Path dir = files.get(0).toAbsolutePath().getParent();
    return "CIFAR-10 binary " + dir + "/{" + names + "}: " + DataFiles.count(size())
        + " samples of " + shape() + transform.describe() + ", " + numClasses() + " classes";
  }

  /** Walks the files in order, keeping one open at a time. */
  private final class Stream extends BaseSampleStream {
    private final byte[] record = new byte[RECORD];
    private int fileIndex = -1;
    private RecordReader reader;

    Stream(Selection selection) {
      super(selection);
    }

    @Override
    protected Sample read(int position) {
      int next = fileIndex < 0 ? 0 : fileIndex;
      while (position >= firsts[next + 1]) {
        next++;
      }
      if (next != fileIndex) {
        release();
        reader = new RecordReader(files.get(next), 0, RECORD);
        fileIndex = next;
      }
      Path file = files.get(fileIndex);
      int local = position - firsts[fileIndex];
      int total = firsts[fileIndex + 1] - firsts[fileIndex];
      if (reader.read(local, record) < RECORD) {
        throw new DatasetException(file, "truncated at record " + DataFiles.count(local)
            + " of " + DataFiles.count(total));
      }
      int label = record[0] & 0xFF;
      if (label >= CLASSES) {
        throw new DatasetException(file, "record " + DataFiles.count(local) + " has label "
            + label + ", out of range 0-" + (CLASSES - 1));
      }
      byte[] pixels = new byte[RECORD - 1];
      System.arraycopy(record, 1, pixels, 0, pixels.length);
      PlanarImage image = transform.apply(new PlanarImage(STORED, pixels));
      return new Sample(position, label, image.pixels());
    }

    @Override
    protected void release() {
      if (reader != null) {
        RecordReader r = reader;
        reader = null;
        r.close();
      }
    }
  }
}
