package io.deepsnn.network.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Opens data sets, detecting the format, and makes views of them.
 *
 * <p>Formats, by what the path is:
 * <ul>
 *   <li>a file: an IDX images file (MNIST, Fashion-MNIST), recognised by its magic number, raw
 *       or gzip (recognised by content), whose labels file is found beside it by name
 *       ({@code …-images-idx3-ubyte[.gz]} ↔ {@code …-labels-idx1-ubyte[.gz]}); or a CIFAR-10
 *       binary batch {@code *.bin} / {@code *.bin.gz};
 *   <li>a folder with IDX files: {@code t10k-…} for split test, {@code train-…} for train;
 *   <li>a folder with CIFAR-10 batches: {@code test_batch.bin[.gz]} for test, all
 *       {@code data_batch_N.bin[.gz]} in N order for train; class names from
 *       {@code batches.meta.txt} if present;
 *   <li>any other folder: an image folder in torchvision's {@code ImageFolder} layout (one
 *       sub-folder of JPEG/PNG files per class), or a folder of such folders named
 *       {@code train}, {@code test} or {@code val} (the fallback for test).
 * </ul>
 * Nothing is loaded whole: files are read record by record and images decoded one at a time.
 */
public final class Datasets {

  private Datasets() {}

  /**
   * Opens a data set, detecting its format.
   *
   * @param path a file or folder as described in the class comment
   * @param options split, channels, resize and crop
   * @return the data set; its size and shape are known, nothing is streamed yet
   * @throws DatasetException naming the culprit file if the path is missing or malformed
   */
  public static ImageDataset open(Path path, DatasetOptions options) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(options, "options");
    return DatasetLocator.open(path, options);
  }

  /**
   * A view of the first {@code n} samples (all of them if there are fewer), which keep their
   * original indices.
   *
   * @param dataset the data set
   * @param n how many samples, at least 0
   * @return the view
   */
  public static ImageDataset limit(ImageDataset dataset, int n) {
    Objects.requireNonNull(dataset, "dataset");
    if (n < 0) {
      throw new IllegalArgumentException("limit must be at least 0, got " + n);
    }
    SeekableDataset base = AdaptedDataset.of(dataset);
    int size = Math.min(n, base.size());
    return new PrefixDataset(base, size, base.describe() + "; first " + DataFiles.count(size));
  }

  /**
   * The same samples, described as {@code description} in reports and messages.
   *
   * @param dataset the data set
   * @param description what to call it
   * @return the view
   */
  public static ImageDataset named(ImageDataset dataset, String description) {
    Objects.requireNonNull(dataset, "dataset");
    SeekableDataset base = AdaptedDataset.of(dataset);
    return new PrefixDataset(base, base.size(), Objects.requireNonNull(description, "description"));
  }

  /**
   * A view of {@code n} distinct samples drawn at random (all of them if there are fewer),
   * streamed in index order and keeping their original indices. The same seed gives the same
   * samples (with this implementation; the draw uses {@link java.util.SplittableRandom}). Raw
   * files and image folders are read only where selected; gzip files are inflated through.
   *
   * @param dataset the data set
   * @param n how many samples, at least 0
   * @param seed the random seed
   * @return the view
   */
  public static ImageDataset subset(ImageDataset dataset, int n, long seed) {
    Objects.requireNonNull(dataset, "dataset");
    if (n < 0) {
      throw new IllegalArgumentException("subset size must be at least 0, got " + n);
    }
    return SubsetDataset.draw(AdaptedDataset.of(dataset), n, seed);
  }
}
