package io.deepsnn.network.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real data sets, where the machine has them (skipped otherwise): Fashion-MNIST as Debian
 * ships it, and the project's shared CIFAR-10 test batch (located by the system property
 * {@code deepsnn.cifar10.dir}, by default {@code ../../shared/datasets/cifar10} from the module).
 */
class RealDatasetsTest {

  private static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

  private static Path cifarDir() {
    return Path.of(System.getProperty("deepsnn.cifar10.dir", "../../shared/datasets/cifar10"))
        .toAbsolutePath().normalize();
  }

  @Test
  void fashionMnistSplits() {
    assumeTrue(Files.isDirectory(FASHION_MNIST), "no " + FASHION_MNIST);

    ImageDataset test = Datasets.open(FASHION_MNIST, DatasetOptions.defaults());
    ImageDataset train = Datasets.open(FASHION_MNIST, DatasetOptions.defaults().withSplit("train"));

    assertEquals(10_000, test.size());
    assertEquals(60_000, train.size());
    for (ImageDataset ds : List.of(test, train)) {
      assertEquals(List.of(1, 28, 28), List.of(ds.channels(), ds.height(), ds.width()));
      assertEquals(10, ds.numClasses());
    }
    try (SampleStream stream = test.open()) {
      Sample first = stream.next();
      assertEquals(9, first.label()); // ankle boot
      assertEquals(0L, first.index());
      assertEquals(784, first.pixels().length);
    }
  }

  @Test
  void cifar10TestBatch() {
    Path file = cifarDir().resolve("test_batch.bin.gz");
    assumeTrue(Files.isRegularFile(file), "no " + file);

    ImageDataset ds = Datasets.open(file, DatasetOptions.defaults());

    assertEquals(10_000, ds.size());
    assertEquals(List.of(3, 32, 32), List.of(ds.channels(), ds.height(), ds.width()));
    assertEquals(List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse",
        "ship", "truck"), ds.classNames());
    int[] perClass = new int[10];
    int count = 0;
    try (SampleStream stream = ds.open()) {
      while (stream.hasNext()) {
        Sample s = stream.next();
        assertEquals(count++, s.index());
        assertTrue(s.label() >= 0 && s.label() < 10, "label " + s.label());
        perClass[s.label()]++;
      }
    }
    assertEquals(10_000, count);
    for (int n : perClass) {
      assertEquals(1000, n, "the test split has 1,000 images per class");
    }
  }
}
