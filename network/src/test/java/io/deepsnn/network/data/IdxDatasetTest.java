package io.deepsnn.network.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxDatasetTest {

  private static final int ROWS = 2;
  private static final int COLS = 3;
  private static final byte[] LABELS = {9, 0, 5, 3};

  @TempDir Path dir;

  private static byte[] pixels() {
    return TestFiles.pattern(LABELS.length * ROWS * COLS, 1);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void roundTripsPixelsAndLabels(boolean gzip) {
    byte[] pixels = pixels();
    Path images = TestFiles.writeIdxPair(dir, "t10k", ROWS, COLS, pixels, LABELS, gzip);

    ImageDataset ds = Datasets.open(images, DatasetOptions.defaults());

    assertEquals(4, ds.size());
    assertEquals(List.of(1, 2, 3), List.of(ds.channels(), ds.height(), ds.width()));
    assertEquals(10, ds.numClasses());
    assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), ds.classNames());
    List<Sample> samples = TestFiles.readAll(ds);
    assertEquals(4, samples.size());
    for (int i = 0; i < 4; i++) {
      Sample s = samples.get(i);
      assertEquals(i, s.index());
      assertEquals(LABELS[i], s.label());
      assertArrayEquals(Arrays.copyOfRange(pixels, i * 6, i * 6 + 6), s.pixels());
    }
    assertTrue(pixelsAbove127(samples), "fixture must exercise unsigned bytes");
    assertTrue(ds.describe().contains(images.toAbsolutePath().toString()), ds.describe());
    assertTrue(ds.describe().contains("1×2×3"), ds.describe());
  }

  private static boolean pixelsAbove127(List<Sample> samples) {
    return samples.stream().anyMatch(s -> {
      for (int i = 0; i < s.pixels().length; i++) {
        if (s.pixel(i) > 127) {
          return true;
        }
      }
      return false;
    });
  }

  @Test
  void detectsGzipByContentNotName() {
    byte[] images = TestFiles.idx(0x803, new int[] {4, ROWS, COLS}, pixels());
    byte[] labels = TestFiles.idx(0x801, new int[] {4}, LABELS);
    // gzip data without .gz in the name, and a raw labels file named .gz
    Path file = TestFiles.write(dir.resolve("x-images-idx3-ubyte"), TestFiles.gzip(images));
    TestFiles.write(dir.resolve("x-labels-idx1-ubyte.gz"), labels);

    List<Sample> samples = TestFiles.readAll(Datasets.open(file, DatasetOptions.defaults()));

    assertEquals(4, samples.size());
    assertEquals(5, samples.get(2).label());
    assertArrayEquals(Arrays.copyOfRange(pixels(), 18, 24), samples.get(3).pixels());
  }

  @Test
  void folderPicksTheSplitFiles() {
    TestFiles.writeIdxPair(dir, "t10k", ROWS, COLS, pixels(), LABELS, true);
    byte[] trainLabels = {1, 2};
    TestFiles.writeIdxPair(dir, "train", ROWS, COLS, TestFiles.pattern(12, 7), trainLabels, false);

    ImageDataset test = Datasets.open(dir, DatasetOptions.defaults());
    ImageDataset train = Datasets.open(dir, DatasetOptions.defaults().withSplit("train"));

    assertEquals(4, test.size());
    assertEquals(2, train.size());
    assertEquals(2, TestFiles.readAll(train).get(1).label());
    assertTrue(test.describe().contains("t10k-images-idx3-ubyte.gz"), test.describe());
  }

  @Test
  void acceptsTheDottedNameVariant() {
    byte[] images = TestFiles.idx(0x803, new int[] {4, ROWS, COLS}, pixels());
    TestFiles.write(dir.resolve("train-images.idx3-ubyte"), images);
    TestFiles.write(dir.resolve("train-labels.idx1-ubyte"),
        TestFiles.idx(0x801, new int[] {4}, LABELS));

    ImageDataset ds = Datasets.open(dir, DatasetOptions.defaults().withSplit("train"));

    assertEquals(4, ds.size());
  }

  @Test
  void missingSplitInFolderIsAnError() {
    TestFiles.writeIdxPair(dir, "train", ROWS, COLS, pixels(), LABELS, false);

    DatasetException e = assertThrows(DatasetException.class,
        () -> Datasets.open(dir, DatasetOptions.defaults()));

    assertTrue(e.getMessage().startsWith(dir.toAbsolutePath().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte"), e.getMessage());
  }

  @Test
  void labelsAboveNineAddClasses() {
    byte[] labels = {0, 12, 3, 4};
    Path images = TestFiles.writeIdxPair(dir, "t10k", ROWS, COLS, pixels(), labels, false);

    ImageDataset ds = Datasets.open(images, DatasetOptions.defaults());

    assertEquals(13, ds.numClasses());
    assertEquals("12", ds.classNames().get(12));
    assertEquals(12, TestFiles.readAll(ds).get(1).label());
  }

  @Test
  void grayscaleToRgbReplicatesTheChannel() {
    Path images = TestFiles.writeIdxPair(dir, "t10k", ROWS, COLS, pixels(), LABELS, false);

    ImageDataset ds = Datasets.open(images, DatasetOptions.defaults().withChannels(3));

    assertEquals(3, ds.channels());
    byte[] first = TestFiles.readAll(ds).get(0).pixels();
    byte[] expected = Arrays.copyOfRange(pixels(), 0, 6);
    for (int c = 0; c < 3; c++) {
      assertArrayEquals(expected, Arrays.copyOfRange(first, 6 * c, 6 * c + 6));
    }
  }

  @Test
  void badMagicNumberNamesTheFile() {
    byte[] images = TestFiles.idx(0x801, new int[] {4, ROWS, COLS}, pixels());
    Path file = TestFiles.write(dir.resolve("t10k-images-idx3-ubyte.gz"), TestFiles.gzip(images));
    TestFiles.write(dir.resolve("t10k-labels-idx1-ubyte.gz"),
        TestFiles.gzip(TestFiles.idx(0x801, new int[] {4}, LABELS)));

    DatasetException e = assertThrows(DatasetException.class,
        () -> Datasets.open(file, DatasetOptions.defaults()));

    assertEquals(file.toAbsolutePath() + ": bad IDX magic number 0x00000801 (expected 0x00000803"
        + " for images)", e.getMessage());
    assertEquals(file.toAbsolutePath(), e.file());
  }

  @Test
  void badLabelsMagicNumberNamesTheLabelsFile() {
    Path images = TestFiles.writeIdxPair(dir, "t10k", ROWS, COLS, pixels(), LABELS, false);
    Path labels = TestFiles.write(dir.resolve("t10k-labels-idx1-ubyte"),
        TestFiles.idx(0x803, new int[] {4}, LABELS));

    DatasetException e = assertThrows(DatasetException.class,
        () -> Datasets.open(images, DatasetOptions.defaults()));

    assertTrue(e.getMessage().startsWith(labels.toAbsolutePath() + ": bad IDX magic number"
        + " 0x00000803 (expected 0x00000801 for labels)"), e.getMessage());
  }

  @Test
  void truncatedRawFileIsReportedWhenOpening() {
    byte[] images = TestFiles.idx(0x803, new int[] {5, ROWS, COLS}, pixels()); // 4 of 5 images
    Path file = TestFiles.write(dir.resolve("t10k-images-idx3-ubyte"), images);
    TestFiles.write(dir.resolve("t10k-labels-idx1-ubyte"),
        TestFiles.idx(0x801, new int[] {5}, new byte[5]));

    DatasetException e = assertThrows(DatasetException.class,
        () -> Datasets.open(file, DatasetOptions.defaults()));

    assertTrue(e.getMessage().startsWith(file.toAbsolutePath() + ": truncated"), e.getMessage());
    assertTrue(e.getMessage().contains("5 images of 2×3"), e.getMessage());
    assertTrue(e.getMessage().contains("4 whole records"), e.getMessage());
  }

  @Test
  void truncatedGzipFileIsReportedAtTheImage() {
    byte[] images = TestFiles.idx(0x803, new int[] {6, ROWS, COLS}, pixels()); // 4 of 6
    Path file = TestFiles.write(dir.resolve("t10k-images-idx3-ubyte.gz"), TestFiles.gzip(images));
    TestFiles.write(dir.resolve("t10k-labels-idx1-ubyte.gz"),
        TestFiles.gzip(TestFiles.idx(0x801, new int[] {6}, new byte[6])));
    ImageDataset ds = Datasets.open(file, DatasetOptions.defaults());
    assertEquals(6, ds.size());

    try (SampleStream stream = ds.open()) {
      for (int i = 0; i < 4; i++) {
        assertEquals(i, stream.next().index());
      }
      DatasetException e = assertThrows(DatasetException.class, stream::next);
      assertEquals(file.toAbsolutePath() + ": truncated at image 4 of 6", e.getMessage());
      assertFalse(stream.hasNext(), "a failed stream is closed");
    }
  }

  @Test
  void cutOffGzipStreamIsReportedAsTruncated() {
    byte[] images = TestFiles.idx(0x803, new int[] {400, 20, 20}, TestFiles.pattern(160_000, 3));
    byte[] gz = TestFiles.gzip(images);
    Path file = TestFiles.write(dir.resolve("t10k-images-idx3-ubyte.gz"),
        Arrays.copyOf(gz, gz.length / 2));
    TestFiles.write(dir.resolve("t10k-labels-idx1-ubyte"),
        TestFiles.idx(0x801, new int[] {400}, new byte[400]));
    ImageDataset ds = Datasets.open(file, DatasetOptions.defaults());

    DatasetException e = assertThrows(DatasetException.class, () -> TestFiles.readAll(ds));

    assertTrue(e.getMessage().startsWith(file.toAbsolutePath() + ": truncated at image "),
        e.getMessage());
    assertTrue(e.getMessage().endsWith(" of 400"), e.getMessage());
  }

  @Test
  void truncatedLabelsFileIsReported() {
    Path images = TestFiles.writeIdxPair(dir, "t10k", ROWS, COLS, pixels(), LABELS, false);
    Path labels = TestFiles.write(dir.resolve("t10k-labels-idx1-ubyte"),
        TestFiles.gzip(TestFiles.idx(0x801, new int[] {4}, new byte[] {1, 2})));

    DatasetException e = assertThrows(DatasetException.class,
        () -> Datasets.open(images, DatasetOptions.defaults()));

    assertEquals(labels.toAbsolutePath() + ": truncated at label 2 of 4", e.getMessage());
  }

  @Test
  void imageAndLabelCountsMustAgree() {
    Path images = TestFiles.write(dir.resolve("t10k-images-idx3-ubyte"),
        TestFiles.idx(0x803, new int[] {4, ROWS, COLS}, pixels()));
    Path labels = TestFiles.write(dir.resolve("t10k-labels-idx1-ubyte"),
        TestFiles.idx(0x801, new int[] {3}, new byte[3]));

    DatasetException e = assertThrows(DatasetException.class,
        () -> Datasets.open(images, DatasetOptions.defaults()));

    assertEquals(labels.toAbsolutePath() + ": holds 3 labels but t10k-images-idx3-ubyte holds 4"
        + " images", e.getMessage());
  }

  @Test
  void hostileHeaderIsRejectedBeforeAllocating() {
    Path images = TestFiles.write(dir.resolve("t10k-images-idx3-ubyte.gz"), TestFiles.gzip(
        TestFiles.idx(0x803, new int[] {1, 1 << 30, 1 << 30}, new byte[16])));
    TestFiles.write(dir.resolve("t10k-labels-idx1-ubyte"),
        TestFiles.idx(0x801, new int[] {1}, new byte[1]));

    DatasetException e = assertThrows(DatasetException.class,
        () -> Datasets.open(images, DatasetOptions.defaults()));

    assertTrue(e.getMessage().startsWith(images.toAbsolutePath() + ": IDX header declares images"
        + " of 1073741824×1073741824"), e.getMessage());
  }

  @Test
  void hugeDeclaredCountInARawFileIsATruncation() {
    Path images = TestFiles.write(dir.resolve("t10k-images-idx3-ubyte"),
        TestFiles.idx(0x803, new int[] {Integer.MAX_VALUE, 28, 28}, new byte[784]));
    TestFiles.write(dir.resolve("t10k-labels-idx1-ubyte"),
        TestFiles.idx(0x801, new int[] {Integer.MAX_VALUE}, new byte[1]));

    DatasetException e = assertThrows(DatasetException.class,
        () -> Datasets.open(images, DatasetOptions.defaults()));

    assertTrue(e.getMessage().startsWith(images.toAbsolutePath() + ": truncated"), e.getMessage());
  }

  @Test
  void negativeDimensionIsABadHeader() {
    Path images = TestFiles.write(dir.resolve("t10k-images-idx3-ubyte"),
        TestFiles.idx(0x803, new int[] {1, -2, 3}, new byte[6]));
    TestFiles.write(dir.resolve("t10k-labels-idx1-ubyte"),
        TestFiles.idx(0x801, new int[] {1}, new byte[1]));

    DatasetException e = assertThrows(DatasetException.class,
        () -> Datasets.open(images, DatasetOptions.defaults()));

    assertTrue(e.getMessage().contains("bad IDX header"), e.getMessage());
  }

  @Test
  void missingLabelsFileIsNamed() {
    Path images = TestFiles.write(dir.resolve("t10k-images-idx3-ubyte"),
        TestFiles.idx(0x803, new int[] {4, ROWS, COLS}, pixels()));

    DatasetException e = assertThrows(DatasetException.class,
        () -> Datasets.open(images, DatasetOptions.defaults()));

    assertTrue(e.getMessage().startsWith(images.toAbsolutePath() + ": no labels file"),
        e.getMessage());
    assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte"), e.getMessage());
  }

  @Test
  void openingTheLabelsFileSaysToOpenTheImages() {
    TestFiles.writeIdxPair(dir, "t10k", ROWS, COLS, pixels(), LABELS, false);
    Path labels = dir.resolve("t10k-labels-idx1-ubyte");

    DatasetException e = assertThrows(DatasetException.class,
        () -> Datasets.open(labels, DatasetOptions.defaults()));

    assertTrue(e.getMessage().startsWith(labels.toAbsolutePath() + ": is an IDX labels file"),
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void subsetSeeksOrSkipsToTheSelectedRecords(boolean gzip) {
    int n = 50;
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      labels[i] = (byte) (i % 10);
    }
    Path images = TestFiles.writeIdxPair(dir, "t10k", 4, 4, TestFiles.pattern(n * 16, 2), labels,
        gzip);
    ImageDataset ds = Datasets.open(images, DatasetOptions.defaults());
    List<Sample> all = TestFiles.readAll(ds);

    List<Sample> some = TestFiles.readAll(Datasets.subset(ds, 7, 42));

    assertEquals(7, some.size());
    for (Sample s : some) {
      assertEquals(all.get((int) s.index()), s);
    }
  }
}
