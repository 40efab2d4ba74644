package io.deepsnn.network.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CifarDatasetTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void readsExactPixelsInChannelMajorOrder(boolean gzip) {
    int[] labels = {3, 9, 0};
    byte[][] pixels = TestFiles.cifarPixels(3, 10);
    byte[] data = TestFiles.cifar(labels, pixels);
    Path file = TestFiles.write(dir.resolve(gzip ? "test_batch.bin.gz" : "test_batch.bin"),
        gzip ? TestFiles.gzip(data) : data);

    ImageDataset ds = Datasets.open(file, DatasetOptions.defaults());

    assertEquals(3, ds.size());
    assertEquals(List.of(3, 32, 32), List.of(ds.channels(), ds.height(), ds.width()));
    assertEquals(CifarFiles.STANDARD_NAMES, ds.classNames());
    List<Sample> samples = TestFiles.readAll(ds);
    for (int i = 0; i < 3; i++) {
      assertEquals(i, samples.get(i).index());
      assertEquals(labels[i], samples.get(i).label());
      assertArrayEquals(pixels[i], samples.get(i).pixels());
    }
    // The record layout is R plane, G plane, B plane: green at (row 1, column 2) of image 1
    // is record byte 1 + 1024 + 32 + 2.
    int recordStart = CifarDataset.RECORD;
    assertEquals(data[recordStart + 1 + 1024 + 32 + 2] & 0xFF,
        samples.get(1).pixel(1024 + 32 + 2));
  }

  @Test
  void trainSplitConcatenatesBatchesInNumericOrder() {
    byte[][] p1 = TestFiles.cifarPixels(2, 1);
    byte[][] p2 = TestFiles.cifarPixels(3, 2);
    byte[][] p10 = TestFiles.cifarPixels(1, 3);
    TestFiles.write(dir.resolve("data_batch_10.bin"), TestFiles.cifar(new int[] {7}, p10));
    TestFiles.write(dir.resolve("data_batch_2.bin.gz"),
        TestFiles.gzip(TestFiles.cifar(new int[] {4, 5, 6}, p2)));
    TestFiles.write(dir.resolve("data_batch_1.bin"), TestFiles.cifar(new int[] {1, 2}, p1));
    TestFiles.write(dir.resolve("test_batch.bin"), TestFiles.cifar(new int[] {8}, p10));

    ImageDataset train = Datasets.open(dir, DatasetOptions.defaults().withSplit("train"));
    ImageDataset test = Datasets.open(dir, DatasetOptions.defaults());

    assertEquals(6, train.size());
    assertEquals(1, test.size());
    List<Sample> samples = TestFiles.readAll(train);
    assertEquals(List.of(1, 2, 4, 5, 6, 7), samples.stream().map(Sample::label).toList());
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), samples.stream().map(Sample::index).toList());
    assertArrayEquals(p2[0], samples.get(2).pixels());
    assertArrayEquals(p10[0], samples.get(5).pixels());
    assertTrue(train.describe().contains("data_batch_1.bin, data_batch_2.bin.gz, data_batch_10.bin"),
        train.describe());
    assertEquals(8, TestFiles.readAll(test).get(0).label());
  }

  @Test
  void subsetAcrossBatchesKeepsIndices() {
    TestFiles.write(dir.resolve("data_batch_1.bin.gz"),
        TestFiles.gzip(TestFiles.cifar(new int[] {0, 1, 2, 3}, TestFiles.cifarPixels(4, 1))));
    TestFiles.write(dir.resolve("data_batch_2.bin"),
        TestFiles.cifar(new int[] {4, 5, 6, 7}, TestFiles.cifarPixels(4, 5)));
    ImageDataset ds = Datasets.open(dir, DatasetOptions.defaults().withSplit("train"));
    List<Sample> all = TestFiles.readAll(ds);

    List<Sample> some = TestFiles.readAll(Datasets.subset(ds, 5, 7));

    assertEquals(5, some.size());
    for (Sample s : some) {
      assertEquals(all.get((int) s.index()), s);
    }
  }

  @Test
  void classNamesComeFromBatchesMeta() {
    TestFiles.write(dir.resolve("test_batch.bin"), TestFiles.cifar(new int[] {0},
        TestFiles.cifarPixels(1, 0)));
    List<String> names = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
    TestFiles.write(dir.resolve("batches.meta.txt"),
        (String.join("\n", names) + "\n\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertEquals(names, Datasets.open(dir, DatasetOptions.defaults()).classNames());
    assertEquals(names,
        Datasets.open(dir.resolve("test_batch.bin"), DatasetOptions.defaults()).classNames());
  }

  @Test
  void batchesMetaWithWrongCountIsAnError() {
    TestFiles.write(dir.resolve("test_batch.bin"), TestFiles.cifar(new int[] {0},
        TestFiles.cifarPixels(1, 0)));
    Path meta = TestFiles.write(dir.resolve("batches.meta.txt"), "cat\ndog\n".getBytes(
        java.nio.charset.StandardCharsets.UTF_8));

    DatasetException e = assertThrows(DatasetException.class,
        () -> Datasets.open(dir, DatasetOptions.defaults()));

    assertEquals(meta.toAbsolutePath() + ": expected 10 class names, one a line, found 2",
        e.getMessage());
  }

  @Test
  void rawLengthNotAMultipleOfTheRecordIsTruncation() {
    byte[] data = TestFiles.cifar(new int[] {1, 2}, TestFiles.cifarPixels(2, 0));
    Path file = TestFiles.write(dir.resolve("test_batch.bin"), Arrays.copyOf(data, 4000));

    DatasetException e = assertThrows(DatasetException.class,
        () -> Datasets.open(file, DatasetOptions.defaults()));

    assertEquals(file.toAbsolutePath() + ": truncated: the file ends in the middle of record 1"
        + " (4,000 bytes is not a multiple of the 3,073-byte CIFAR-10 record)", e.getMessage());
  }

  @Test
  void gzipStreamEndingMidRecordIsTruncation() {
    byte[] data = TestFiles.cifar(new int[] {1, 2, 3}, TestFiles.cifarPixels(3, 0));
    Path file = TestFiles.write(dir.resolve("data_batch_1.bin.gz"),
        TestFiles.gzip(Arrays.copyOf(data, 2 * CifarDataset.RECORD + 100)));

    DatasetException e = assertThrows(DatasetException.class,
        () -> Datasets.open(dir, DatasetOptions.defaults().withSplit("train")));

    assertTrue(e.getMessage().startsWith(file.toAbsolutePath()
        + ": truncated: the gzip stream ends in the middle of record 2"), e.getMessage());
  }

  @Test
  void cutOffGzipFileIsTruncation() {
    byte[] data = TestFiles.cifar(new int[] {1, 2, 3}, TestFiles.cifarPixels(3, 0));
    byte[] gz = TestFiles.gzip(data);
    Path file = TestFiles.write(dir.resolve("test_batch.bin.gz"), Arrays.copyOf(gz, gz.length - 20));

    DatasetException e = assertThrows(DatasetException.class,
        () -> Datasets.open(file, DatasetOptions.defaults()));

    assertTrue(e.getMessage().startsWith(file.toAbsolutePath() + ": truncated"), e.getMessage());
  }

  @Test
  void labelOutOfRangeNamesTheRecord() {
    Path file = TestFiles.write(dir.resolve("test_batch.bin"),
        TestFiles.cifar(new int[] {1, 10}, TestFiles.cifarPixels(2, 0)));
    ImageDataset ds = Datasets.open(file, DatasetOptions.defaults());

    try (SampleStream stream = ds.open()) {
      assertEquals(1, stream.next().label());
      DatasetException e = assertThrows(DatasetException.class, stream::next);
      assertEquals(file.toAbsolutePath() + ": record 1 has label 10, out of range 0-9",
          e.getMessage());
    }
  }

  @Test
  void missingSplitIsNamed() {
    TestFiles.write(dir.resolve("data_batch_1.bin"),
        TestFiles.cifar(new int[] {1}, TestFiles.cifarPixels(1, 0)));

    DatasetException e = assertThrows(DatasetException.class,
        () -> Datasets.open(dir, DatasetOptions.defaults()));

    assertTrue(e.getMessage().startsWith(dir.toAbsolutePath().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("test_batch.bin"), e.getMessage());
  }

  @Test
  void grayscaleUsesPillowLuma() {
    byte[] pixels = new byte[3072];
    pixels[0] = (byte) 255; // pure red at (0, 0)
    pixels[1024 + 1] = (byte) 255; // pure green at (0, 1)
    pixels[2048 + 2] = (byte) 255; // pure blue at (0, 2)
    pixels[3] = 10;
    pixels[1024 + 3] = (byte) 200;
    pixels[2048 + 3] = 30;
    Path file = TestFiles.write(dir.resolve("test_batch.bin"),
        TestFiles.cifar(new int[] {0}, new byte[][] {pixels}));

    ImageDataset ds = Datasets.open(file, DatasetOptions.defaults().withChannels(1));

    assertEquals(1, ds.channels());
    Sample s = TestFiles.readAll(ds).get(0);
    assertEquals(1024, s.pixels().length);
    // 0.299·255 = 76.2, 0.587·255 = 149.7, 0.114·255 = 29.1,
    // 0.299·10 + 0.587·200 + 0.114·30 = 123.81
    assertEquals(List.of(76, 150, 29, 124, 0), List.of(s.pixel(0), s.pixel(1), s.pixel(2),
        s.pixel(3), s.pixel(4)));
  }

  @Test
  void centreCropAndResizeApplyToCifarToo() {
    byte[][] pixels = TestFiles.cifarPixels(1, 4);
    Path file = TestFiles.write(dir.resolve("test_batch.bin"),
        TestFiles.cifar(new int[] {2}, pixels));

    ImageDataset cropped = Datasets.open(file, DatasetOptions.defaults().withCrop(24));
    ImageDataset resized = Datasets.open(file, DatasetOptions.defaults().withResize(16));

    assertEquals(List.of(3, 24, 24), List.of(cropped.channels(), cropped.height(),
        cropped.width()));
    Sample s = TestFiles.readAll(cropped).get(0);
    // round((32 - 24) / 2) = 4: output (c, y, x) is input (c, y + 4, x + 4)
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 24; y += 5) {
        for (int x = 0; x < 24; x += 3) {
          assertEquals(pixels[0][c * 1024 + (y + 4) * 32 + x + 4], s.pixels()[c * 576 + y * 24 + x]);
        }
      }
    }
    assertEquals(List.of(3, 16, 16), List.of(resized.channels(), resized.height(),
        resized.width()));
    assertEquals(3 * 16 * 16, TestFiles.readAll(resized).get(0).pixels().length);
  }
}
