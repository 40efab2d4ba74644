package io.deepsnn.network.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes files so that a reader never sees half of one: the content goes to a temporary file in
 * the same folder, which is then renamed over the target.
 */
public final class AtomicFiles {
  private AtomicFiles() {
  }

  /** Something that writes the whole content to a stream. */
  @FunctionalInterface
  public interface Writer {
    /** Writes the content. */
    void writeTo(OutputStream out) throws IOException;
  }

  /** Something that writes the whole content to a file of its own (a library that wants a path). */
  @FunctionalInterface
  public interface PathWriter {
    /** Writes the content to {@code file}, which exists and is empty. */
    void writeTo(Path file) throws IOException;
  }

  /** Writes {@code file} atomically with what {@code writer} produces; parent folders are created. */
  public static void write(Path file, Writer writer) throws IOException {
    writeVia(file, tmp -> {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        writer.writeTo(out);
      }
    });
  }

  /**
   * Writes {@code file} atomically: {@code writer} writes a temporary file beside it, which is then
   * renamed; parent folders are created, and nothing is left behind when the writer fails.
   */
  public static void writeVia(Path file, PathWriter writer) throws IOException {
    Path abs = file.toAbsolutePath();
    Path parent = abs.getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, "." + abs.getFileName(), ".tmp");
    try {
      writer.writeTo(tmp);
      // Temporary files are private (0600); the result should be readable like any other output.
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system: keep the default permissions.
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Writes bytes atomically. */
  public static void write(Path file, byte[] bytes) throws IOException {
    write(file, out -> out.write(bytes));
  }

  /** Writes UTF-8 text atomically. */
  public static void writeString(Path file, String text) throws IOException {
    write(file, text.getBytes(StandardCharsets.UTF_8));
  }
}
