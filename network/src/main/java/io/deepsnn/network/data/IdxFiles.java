package io.deepsnn.network.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds IDX files by the MNIST naming convention: {@code <split>-images-idx3-ubyte} beside
 * {@code <split>-labels-idx1-ubyte}, with or without {@code .gz}, and with a dot instead of the
 * second dash as some mirrors spell them ({@code train-images.idx3-ubyte}).
 */
final class IdxFiles {

  /** An IDX images file name, compressed or not. */
  private static final Pattern IMAGES = Pattern.compile(".+-images[-.]idx3-ubyte(\\.gz)?");

  private IdxFiles() {}

  /** Whether a file name looks like an IDX file, so a bad magic number is worth reporting. */
  static boolean looksLikeIdx(String name) {
    return name.contains("idx") && name.contains("ubyte");
  }

  /** Whether a folder listing holds IDX images files. */
  static boolean anyImagesFile(List<Path> files) {
    return files.stream().anyMatch(f -> IMAGES.matcher(f.getFileName().toString()).matches());
  }

  /**
   * The images file of a split in an MNIST-style folder: {@code t10k-…} for test,
   * {@code train-…} for train; raw preferred to gzip when both are there (faster to read).
   */
  static Path imagesOfSplit(Path folder, String split) {
    String prefix = split.equals(DatasetOptions.TEST) ? "t10k" : "train";
    for (String name : List.of(prefix + "-images-idx3-ubyte", prefix + "-images.idx3-ubyte")) {
      for (String candidate : List.of(name, name + ".gz")) {
        Path file = folder.resolve(candidate);
        if (Files.isRegularFile(file)) {
          return file;
        }
      }
    }
    throw new DatasetException(folder, "holds IDX files but no " + prefix
        + "-images-idx3-ubyte[.gz] for split '" + split + "'");
  }

  /** The labels file beside an images file: "images" → "labels", "idx3" → "idx1". */
  static Path labelsBeside(Path images) {
    String base = DataFiles.baseName(images);
    int at = base.lastIndexOf("images");
    int idx = base.lastIndexOf("idx3");
    if (at < 0 || idx < at) {
      throw new DatasetException(images, "cannot name its labels file: an IDX images file should"
          + " be called <name>-images-idx3-ubyte[.gz], beside <name>-labels-idx1-ubyte[.gz]");
    }
    String labels = base.substring(0, at) + "labels" + base.substring(at + 6, idx) + "idx1"
        + base.substring(idx + 4);
    Path dir = images.toAbsolutePath().getParent();
    for (String candidate : List.of(labels, labels + ".gz")) {
      Path file = dir.resolve(candidate);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    throw new DatasetException(images, "no labels file beside it (looked for " + labels + " and "
        + labels + ".gz)");
  }
}
