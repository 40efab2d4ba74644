package io.deepsnn.runner.pipeline;

import io.deepsnn.network.data.Datasets;
import io.deepsnn.network.data.ImageDataset;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The bundled default: a small VGG-style net trained on Fashion-MNIST, the first 1,000
 * Fashion-MNIST test images and the first 256 training images (for calibration), shipped as
 * resources of the runner jar and unpacked into a temporary folder (removed at exit) so that every
 * reader can take plain file paths.
 */
public final class BundledDemo {
  /** Resource names under {@code /demo/}. */
  static final String MODEL = "fmnist-vgg.onnx";
  static final String METADATA = "fmnist-vgg.json";
  static final String IMAGES = "fashion-mnist-1000/t10k-images-idx3-ubyte.gz";
  static final String LABELS = "fashion-mnist-1000/t10k-labels-idx1-ubyte.gz";
  static final String TRAIN_IMAGES = "fashion-mnist-1000/train-images-idx3-ubyte.gz";
  static final String TRAIN_LABELS = "fashion-mnist-1000/train-labels-idx1-ubyte.gz";

  private static Path folder;

  private BundledDemo() {
  }

  /** The bundled ONNX model (its metadata JSON lies beside it). */
  public static synchronized Path model() {
    return unpacked().resolve(MODEL);
  }

  /** The folder holding the bundled images as IDX files: split test (1,000) and train (256). */
  public static synchronized Path images() {
    return unpacked().resolve("fashion-mnist-1000");
  }

  /**
   * {@code data}, opened from {@code path} with split {@code split}: when that is the bundled
   * folder, described as the bundled images (in reports and messages) rather than by the temporary
   * path they were unpacked to.
   */
  public static synchronized ImageDataset named(ImageDataset data, Path path, String split) {
    if (folder == null || !path.equals(images())) {
      return data;
    }
    return Datasets.named(data, String.format(Locale.ROOT, "the bundled Fashion-MNIST %s images (%,d of %d×%d×%d, "
        + "%d classes)", split, data.size(), data.channels(), data.height(), data.width(), data.numClasses()));
  }

  private static Path unpacked() {
    if (folder != null) {
      return folder;
    }
    try {
      Path dir = Files.createTempDirectory("deepsnn-demo");
      Files.createDirectories(dir.resolve("fashion-mnist-1000"));
      for (String name : new String[] {MODEL, METADATA, IMAGES, LABELS, TRAIN_IMAGES, TRAIN_LABELS}) {
        try (InputStream in = BundledDemo.class.getResourceAsStream("/demo/" + name)) {
          if (in == null) {
            throw new IllegalStateException("the bundled demo resource /demo/" + name + " is missing from the runner jar");
          }
          Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
      folder = dir;
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the bundled demo: " + e.getMessage(), e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort at exit: a leftover temporary folder is harmless.
    }
  }
}
