package io.deepsnn.network.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the files of the CIFAR-10 binary version ({@code cifar-10-batches-bin}): the batches of
 * a split and the class names.
 */
final class CifarFiles {

  /** The label order of CIFAR-10, used when no {@code batches.meta.txt} is found. */
  static final List<String> STANDARD_NAMES = List.of("airplane", "automobile", "bird", "cat",
      "deer", "dog", "frog", "horse", "ship", "truck");

  /** The class names file of the binary distribution, one name a line. */
  static final String META = "batches.meta.txt";

  private static final Pattern TRAIN = Pattern.compile("data_batch_(\\d{1,9})\\.bin(\\.gz)?");
  private static final Pattern TEST = Pattern.compile("test_batch\\.bin(\\.gz)?");

  private CifarFiles() {}

  /** Whether a folder listing holds CIFAR-10 batch files. */
  static boolean anyBatch(List<Path> files) {
    return files.stream().map(f -> f.getFileName().toString())
        .anyMatch(n -> TRAIN.matcher(n).matches() || TEST.matcher(n).matches());
  }

  /**
   * The batch files of a split: {@code test_batch.bin[.gz]} for test, every
   * {@code data_batch_N.bin[.gz]} in N order for train. Where both a raw and a gzip copy exist
   * the raw one is taken (it can be read without inflating).
   */
  static List<Path> ofSplit(Path folder, String split, List<Path> files) {
    boolean test = split.equals(DatasetOptions.TEST);
    TreeMap<Integer, Path> batches = new TreeMap<>();
    for (Path file : files.stream().sorted(Comparator.comparing(Path::toString)).toList()) {
      String name = file.getFileName().toString();
      Matcher m = (test ? TEST : TRAIN).matcher(name);
      if (m.matches()) {
        int n = test ? 0 : Integer.parseInt(m.group(1));
        Path previous = batches.get(n);
        if (previous == null || !name.endsWith(".gz")) {
          batches.put(n, file);
        }
      }
    }
    if (batches.isEmpty()) {
      throw new DatasetException(folder, "holds CIFAR-10 batches but none for split '" + split
          + "' (expected " + (test ? "test_batch.bin[.gz]" : "data_batch_N.bin[.gz]") + ")");
    }
    return new ArrayList<>(batches.values());
  }

  /**
   * The class names from {@code batches.meta.txt} in a folder, else the standard ones. Blank
   * lines are ignored (the original file ends with one).
   *
   * @throws DatasetException if the file exists but does not hold exactly 10 names
   */
  static List<String> classNames(Path folder) {
    Path meta = folder.resolve(META);
    if (!Files.isRegularFile(meta)) {
      return STANDARD_NAMES;
    }
    List<String> names;
    try {
      names = Files.readAllLines(meta, StandardCharsets.UTF_8).stream()
          .map(String::strip).filter(s -> !s.isEmpty()).toList();
    } catch (IOException e) {
      throw new DatasetException(meta, "cannot read: " + e.getMessage(), e);
    }
    if (names.size() != CifarDataset.CLASSES) {
      throw new DatasetException(meta, "expected " + CifarDataset.CLASSES
          + " class names, one a line, found " + names.size());
    }
    return names;
  }
}
