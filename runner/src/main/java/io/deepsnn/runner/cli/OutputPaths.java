package io.deepsnn.runner.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks where a command will write before it does any work (issue 18): a file option must not
 * name a folder, a folder option must not name a file, and the nearest existing folder above must
 * be a writable folder. Each error names the option and the path.
 */
final class OutputPaths {
  private OutputPaths() {
  }

  /** {@code path} (option {@code option}; null: not given) can be written as a file. */
  static void file(Path path, String option) {
    if (path == null) {
      return;
    }
    if (Files.isDirectory(path)) {
      throw new IllegalArgumentException(option + " " + path + ": is a folder; give a file name");
    }
    writableAbove(path, option);
  }

  /** {@code path} (option {@code option}; null: not given) can be a folder to write into. */
  static void folder(Path path, String option) {
    if (path == null) {
      return;
    }
    if (Files.exists(path) && !Files.isDirectory(path)) {
      throw new IllegalArgumentException(option + " " + path + ": is a file; give a folder");
    }
    if (Files.isDirectory(path) && !Files.isWritable(path)) {
      throw new IllegalArgumentException(option + " " + path + ": the folder is not writable");
    }
    writableAbove(path, option);
  }

  private static void writableAbove(Path path, String option) {
    Path p = path.toAbsolutePath().getParent();
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    if (p == null) {
      return;
    }
    if (!Files.isDirectory(p)) {
      throw new IllegalArgumentException(option + " " + path + ": " + p + " is a file, not a folder");
    }
    if (!Files.isWritable(p)) {
      throw new IllegalArgumentException(option + " " + path + ": cannot write in " + p + " (permission denied)");
    }
  }
}
