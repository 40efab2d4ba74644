package io.deepsnn.network.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Format detection, options, and the limit and subset views. */
class DatasetsTest {

  private static final int N = 40;

  @TempDir Path dir;
  private ImageDataset idx;

  @BeforeEach
  void writeDataset() {
    byte[] labels = new byte[N];
    for (int i = 0; i < N; i++) {
      labels[i] = (byte) (i % 10);
    }
    Path images = TestFiles.writeIdxPair(dir, "t10k", 2, 2, TestFiles.pattern(4 * N, 9), labels,
        false);
    idx = Datasets.open(images, DatasetOptions.defaults());
  }

  @Test
  void optionsHaveDefaultsAndValidation() {
    assertEquals(new DatasetOptions("test", 0, 0, 0), DatasetOptions.defaults());
    assertEquals(new DatasetOptions("train", 3, 256, 224),
        DatasetOptions.defaults().withSplit("train").withChannels(3).withResize(256).withCrop(224));
    assertMessage("split must be 'test' or 'train', got 'val'",
        () -> new DatasetOptions("val", 0, 0, 0));
    assertMessage("channels must be 1 (grayscale), 3 (RGB) or 0 (as stored), got 2",
        () -> new DatasetOptions("test", 2, 0, 0));
    assertMessage("resize must be between 0 (off) and 8192, got -1",
        () -> new DatasetOptions("test", 0, -1, 0));
    assertMessage("crop must be between 0 (off) and 8192, got 100000",
        () -> new DatasetOptions("test", 0, 0, 100_000));
  }

  @Test
  void limitKeepsTheFirstSamplesAndTheirIndices() {
    List<Sample> all = TestFiles.readAll(idx);

    ImageDataset first = Datasets.limit(idx, 5);

    assertEquals(5, first.size());
    assertEquals(all.subList(0, 5), TestFiles.readAll(first));
    assertEquals(N, Datasets.limit(idx, 1000).size());
    assertEquals(List.of(), TestFiles.readAll(Datasets.limit(idx, 0)));
    assertTrue(first.describe().endsWith("; first 5"), first.describe());
    assertEquals(idx.classNames(), first.classNames());
    assertEquals(List.of(idx.channels(), idx.height(), idx.width()),
        List.of(first.channels(), first.height(), first.width()));
    assertThrows(IllegalArgumentException.class, () -> Datasets.limit(idx, -1));
  }

  @Test
  void aNamedViewKeepsTheSamplesUnderItsOwnDescription() {
    ImageDataset named = Datasets.named(idx, "the bundled images");
    assertEquals("the bundled images", named.describe());
    assertEquals("the bundled images; first 3", Datasets.limit(named, 3).describe());
    assertEquals(TestFiles.readAll(idx), TestFiles.readAll(named));
  }

  @Test
  void subsetIsSeededDistinctSortedAndKeepsIndices() {
    List<Sample> all = TestFiles.readAll(idx);

    List<Sample> a = TestFiles.readAll(Datasets.subset(idx, 10, 1));
    List<Sample> b = TestFiles.readAll(Datasets.subset(idx, 10, 1));
    List<Sample> c = TestFiles.readAll(Datasets.subset(idx, 10, 2));

    assertEquals(10, a.size());
    assertEquals(a, b);
    assertNotEquals(indices(a), indices(c));
    for (int i = 1; i < a.size(); i++) {
      assertTrue(a.get(i).index() > a.get(i - 1).index(), "ascending and distinct");
    }
    for (Sample s : a) {
      assertEquals(all.get((int) s.index()), s);
    }
    assertEquals(N, Datasets.subset(idx, 1000, 3).size());
    assertTrue(Datasets.subset(idx, 10, 1).describe().endsWith("; random 10 (seed 1)"));
  }

  @Test
  void subsetDrawsEveryPositionAboutEquallyOften() {
    int[] hits = new int[N];
    for (long seed = 0; seed < 400; seed++) {
      for (Sample s : TestFiles.readAll(Datasets.subset(idx, 4, seed))) {
        hits[(int) s.index()]++;
      }
    }
    // 400 draws of 4 out of 40: 40 expected hits per position; a bias towards the start or
    // the end (the classic selection-sampling bug) would push some far away from it.
    for (int h : hits) {
      assertTrue(h > 15 && h < 70, "hits per position: " + java.util.Arrays.toString(hits));
    }
  }

  @Test
  void viewsCompose() {
    List<Sample> all = TestFiles.readAll(idx);

    List<Sample> limitedSubset = TestFiles.readAll(Datasets.limit(Datasets.subset(idx, 10, 4), 3));
    List<Sample> subsetOfLimit = TestFiles.readAll(Datasets.subset(Datasets.limit(idx, 8), 3, 4));

    assertEquals(TestFiles.readAll(Datasets.subset(idx, 10, 4)).subList(0, 3), limitedSubset);
    assertEquals(3, subsetOfLimit.size());
    for (Sample s : subsetOfLimit) {
      assertTrue(s.index() < 8);
      assertEquals(all.get((int) s.index()), s);
    }
  }

  @Test
  void severalStreamsMayBeOpenAtOnce() {
    try (SampleStream one = idx.open(); SampleStream two = idx.open()) {
      for (int i = 0; i < N; i++) {
        Sample a = one.next();
        Sample b = two.next();
        assertEquals(a, b);
        assertEquals(i, a.index());
      }
      assertFalse(one.hasNext());
    }
  }

  @Test
  void closedStreamsEndAndCloseIsIdempotent() {
    SampleStream stream = idx.open();
    stream.next();
    stream.close();
    stream.close();

    assertFalse(stream.hasNext());
    assertThrows(NoSuchElementException.class, stream::next);
  }

  @Test
  void viewsWorkOnDatasetsImplementedElsewhere() {
    ImageDataset foreign = new InMemory(List.copyOf(TestFiles.readAll(idx)), idx);

    List<Sample> some = TestFiles.readAll(Datasets.subset(foreign, 6, 11));
    List<Sample> first = TestFiles.readAll(Datasets.limit(foreign, 4));

    assertEquals(TestFiles.readAll(Datasets.subset(idx, 6, 11)), some);
    assertEquals(TestFiles.readAll(idx).subList(0, 4), first);
  }

  @Test
  void missingPathIsNamed() {
    Path missing = dir.resolve("nowhere/t10k-images-idx3-ubyte.gz");

    DatasetException e = assertThrows(DatasetException.class,
        () -> Datasets.open(missing, DatasetOptions.defaults()));

    assertEquals(missing.toAbsolutePath() + ": no such file or folder", e.getMessage());
  }

  @Test
  void unrecognisedFileIsNamed() {
    Path file = TestFiles.write(dir.resolve("weights.onnx"), new byte[] {8, 7, 6, 5, 4});

    DatasetException e = assertThrows(DatasetException.class,
        () -> Datasets.open(file, DatasetOptions.defaults()));

    assertTrue(e.getMessage().startsWith(file.toAbsolutePath() + ": unrecognised data set format"),
        e.getMessage());
  }

  @Test
  void errorMessagesAreOneLine() {
    DatasetException e = new DatasetException(dir, "first\nsecond\r\nthird");

    assertEquals(dir.toAbsolutePath() + ": first second third", e.getMessage());
  }

  @Test
  void samplesCompareByContent() {
    Sample a = new Sample(3, 1, new byte[] {1, (byte) 200});
    Sample b = new Sample(3, 1, new byte[] {1, (byte) 200});

    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, new Sample(3, 1, new byte[] {1, 2}));
    assertEquals(200, a.pixel(1));
    assertEquals("Sample[index=3, label=1, pixels=2 bytes]", a.toString());
    assertThrows(IllegalArgumentException.class, () -> new Sample(-1, 0, new byte[0]));
    assertArrayEquals(new byte[] {1, (byte) 200}, a.pixels());
  }

  private static List<Long> indices(List<Sample> samples) {
    return samples.stream().map(Sample::index).toList();
  }

  private static void assertMessage(String expected, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertEquals(expected, e.getMessage());
  }

  /** A data set that is not one of the package's own, to test the adapter. */
  private record InMemory(List<Sample> samples, ImageDataset like) implements ImageDataset {
    @Override
    public int channels() {
      return like.channels();
    }

    @Override
    public int height() {
      return like.height();
    }

    @Override
    public int width() {
      return like.width();
    }

    @Override
    public int size() {
      return samples.size();
    }

    @Override
    public List<String> classNames() {
      return like.classNames();
    }

    @Override
    public int numClasses() {
      return like.numClasses();
    }

    @Override
    public String describe() {
      return "in memory";
    }

    @Override
    public SampleStream open() {
      var it = new ArrayList<>(samples).iterator();
      return new SampleStream() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public Sample next() {
          return it.next();
        }

        @Override
        public void close() {}
      };
    }
  }
}
