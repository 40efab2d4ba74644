package io.deepsnn.network.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Decides the format of a path and opens the right reader: the logic behind {@link Datasets#open}. */
final class DatasetLocator {

  /** Sub-folder names that mark a folder holding splits rather than classes. */
  private static final List<String> SPLIT_FOLDERS = List.of("train", "test", "val");

  private DatasetLocator() {}

  static SeekableDataset open(Path path, DatasetOptions options) {
    Path absolute = path.toAbsolutePath().normalize();
    if (!Files.exists(absolute)) {
      throw new DatasetException(absolute, "no such file or folder");
    }
    if (Files.isDirectory(absolute)) {
      return openFolder(absolute, options);
    }
    DataFiles.requireReadableFile(absolute);
    return openFile(absolute, options);
  }

  private static SeekableDataset openFile(Path file, DatasetOptions options) {
    String name = DataFiles.baseName(file);
    if (name.endsWith(".bin")) {
      return CifarDataset.open(List.of(file), CifarFiles.classNames(file.getParent()), options);
    }
    int magic = IdxHeader.peekMagic(file);
    // IDX magic numbers start with two zero bytes; a file named like IDX gets a clear
    // "bad magic number" instead of "unrecognised format".
    if (IdxFiles.looksLikeIdx(name) || (magic != -1 && (magic >>> 16) == 0)) {
      // A labels file opened by mistake gets a hint; one named as images gets "bad magic".
      if (magic == IdxHeader.LABELS_MAGIC && (name.contains("labels") || name.contains("idx1"))) {
        throw new DatasetException(file, "is an IDX labels file; open the images file"
            + " (…-images-idx3-ubyte) instead, its labels are found beside it");
      }
      IdxHeader.read(file, IdxHeader.IMAGES_MAGIC); // reports a bad magic number
      return IdxDataset.open(file, IdxFiles.labelsBeside(file), options);
    }
    throw new DatasetException(file, "unrecognised data set format: expected an IDX images"
        + " file (magic 0x00000803), a CIFAR-10 binary batch (*.bin, *.bin.gz) or a folder");
  }

  private static SeekableDataset openFolder(Path folder, DatasetOptions options) {
    List<Path> files = list(folder);
    if (files.isEmpty()) {
      throw new DatasetException(folder, "empty folder");
    }
    List<Path> regular = files.stream().filter(Files::isRegularFile).toList();
    if (IdxFiles.anyImagesFile(regular)) {
      Path images = IdxFiles.imagesOfSplit(folder, options.split());
      return IdxDataset.open(images, IdxFiles.labelsBeside(images), options);
    }
    if (CifarFiles.anyBatch(regular)) {
      return CifarDataset.open(CifarFiles.ofSplit(folder, options.split(), regular),
          CifarFiles.classNames(folder), options);
    }
    return ImageFolderDataset.open(splitFolder(folder, options.split()), options);
  }

  /**
   * The folder of a split in an image folder: {@code train/} for train, {@code test/} or else
   * {@code val/} (ImageNet's name) for test. A folder without any of these is itself the split;
   * one with some but not the requested one is an error, rather than silently reading the
   * other split's folders as classes.
   */
  private static Path splitFolder(Path folder, String split) {
    List<String> present = SPLIT_FOLDERS.stream()
        .filter(s -> Files.isDirectory(folder.resolve(s))).toList();
    if (present.isEmpty()) {
      return folder;
    }
    List<String> wanted = split.equals(DatasetOptions.TEST) ? List.of("test", "val") : List.of("train");
    for (String name : wanted) {
      if (present.contains(name)) {
        return folder.resolve(name);
      }
    }
    throw new DatasetException(folder, "has split sub-folders " + present + " but none for split '"
        + split + "' (expected " + String.join(" or ", wanted) + ")");
  }

  private static List<Path> list(Path folder) {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.sorted().toList();
    } catch (IOException e) {
      throw new DatasetException(folder, "cannot list: " + e.getMessage(), e);
    }
  }
}
