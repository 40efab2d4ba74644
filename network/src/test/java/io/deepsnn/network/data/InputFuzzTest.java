package io.deepsnn.network.data;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import io.deepsnn.network.convert.ConvertedNetworkFile;
import io.deepsnn.network.convert.SnnFileException;
import io.deepsnn.network.graph.GraphException;
import io.deepsnn.network.onnx.ImportOptions;
import io.deepsnn.network.onnx.OnnxImportException;
import io.deepsnn.network.onnx.OnnxImporter;
import io.deepsnn.network.testing.Mutations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random mutations of valid inputs — byte flips, random bytes, truncation, insertion,
 * a duplicated chunk — into each file reader: every one ends in a valid result or in the
 * reader's own error ({@link OnnxImportException}, {@link SnnFileException},
 * {@link DatasetException}, {@link GraphException}, {@link IllegalArgumentException}), never in
 * another exception, an OutOfMemoryError or a hang (each read is bounded to a few seconds). A
 * longer run: {@code -Ddeepsnn.fuzz.rounds=5000} (README, "Run the tests").
 */
class InputFuzzTest {
  private static final int ROUNDS = Integer.getInteger("deepsnn.fuzz.rounds", 150);
  private static final Duration EACH = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  private void fuzz(String kind, byte[] valid, String fileName, long seed, Consumer<Path> read) throws IOException {
    Random rnd = new Random(seed);
    for (int round = 0; round < ROUNDS; round++) {
      Path file = dir.resolve(round + "-" + fileName);
      Files.write(file, Mutations.mutate(valid, rnd));
      int r = round;
      try {
        assertTimeoutPreemptively(EACH, () -> read.accept(file), kind + " round " + r + " hangs");
      } catch (OnnxImportException | SnnFileException | DatasetException | GraphException | IllegalArgumentException
               | UncheckedIOException expected) {
        // the reader's own error
      } catch (Throwable t) {
        fail(kind + ", seed " + seed + ", round " + round + ": " + t, t);
      }
      Files.deleteIfExists(file);
    }
  }

  /** Reads damaged images file {@code f}, under the name {@code imagesName}, with intact labels beside it. */
  private static void readIdxPair(Path f, String imagesName, byte[] labelFile) {
    Path pair = f.resolveSibling("pair-" + f.getFileName());
    try {
      Files.createDirectories(pair);
      Files.copy(f, pair.resolve(imagesName));
      Files.write(pair.resolve("t10k-labels-idx1-ubyte"), labelFile);
      TestFiles.readAll(Datasets.open(pair, DatasetOptions.defaults()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (var in = InputFuzzTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void mutatedOnnxModelsAreImportedOrRefused() throws IOException {
    OnnxImporter importer = new OnnxImporter(ImportOptions.defaults().withMaxTensorBytes(16L << 20));
    fuzz("ONNX", resource("/models/resnet-tiny32.onnx"), "m.onnx", 1, f -> importer.importFile(f).graph());
    fuzz("ONNX", resource("/models/bn-tiny-preserved.onnx"), "m.onnx", 2, f -> importer.importFile(f).graph());
  }

  @Test
  void mutatedSnnFilesAreReadOrRefused() throws IOException {
    fuzz(".snn", resource("/golden/tiny-vgg-v1.snn"), "n.snn", 3, ConvertedNetworkFile::read);
  }

  @Test
  void mutatedIdxAndCifarFilesAreReadOrRefused() throws IOException {
    byte[] labels = {1, 2, 3, 4};
    byte[] images = TestFiles.idx(0x803, new int[] {4, 6, 5}, TestFiles.pattern(4 * 30, 9));
    byte[] labelFile = TestFiles.idx(0x801, new int[] {4}, labels);
    fuzz("IDX", images, "images", 4, f -> readIdxPair(f, "t10k-images-idx3-ubyte", labelFile));
    fuzz("IDX (gzip)", TestFiles.gzip(images), "images.gz", 5,
        f -> readIdxPair(f, "t10k-images-idx3-ubyte.gz", labelFile));
    byte[] cifar = TestFiles.cifar(new int[] {3, 7}, TestFiles.cifarPixels(2, 11));
    fuzz("CIFAR-10", cifar, "test_batch.bin", 6, f -> TestFiles.readAll(Datasets.open(f, DatasetOptions.defaults())));
  }
}
