package io.deepsnn.network.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** File helpers shared by the readers: gzip detection by content, sizes, error wrapping. */
final class DataFiles {

  /** Input buffer for gzip streams: large enough that inflating is not dominated by syscalls. */
  static final int BUFFER = 1 << 16;

  private DataFiles() {}

  /**
   * Whether a file is gzip-compressed, decided by its first two bytes (1f 8b), not its name:
   * files get renamed or decompressed in place by tools that keep the name.
   */
  static boolean isGzip(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    } catch (IOException e) {
      throw new DatasetException(file, "cannot read: " + e.getMessage(), e);
    }
  }

  /** Gzip files already checked in this JVM: path, size and modification time. */
  private static final java.util.Set<String> VERIFIED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * Opens a file for sequential reading, inflating it when it is gzip data. A gzip file is first
   * inflated once to its end, so that its CRC and length are checked (the readers stop after the
   * records they need, before the trailer that holds them): a corrupt file is refused by name.
   */
  static InputStream open(Path file) {
    boolean gzip = isGzip(file);
    if (gzip) {
      verifyGzip(file);
    }
    try {
      InputStream raw = Files.newInputStream(file);
      try {
        return gzip
            ? new GZIPInputStream(raw, BUFFER)
            : new BufferedInputStream(raw, BUFFER);
      } catch (IOException e) {
        raw.close();
        throw e;
      }
    } catch (IOException e) {
      throw new DatasetException(file, "cannot open: " + e.getMessage(), e);
    }
  }

  /**
   * Inflates {@code file} to its end once per JVM (per size and modification time), so that
   * {@link GZIPInputStream} checks the CRC-32 and length in its trailer. A stream cut off before
   * its end is left to the readers, which report where the data ends.
   */
  static void verifyGzip(Path file) {
    String key;
    try {
      key = file.toAbsolutePath() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      throw new DatasetException(file, "cannot read: " + e.getMessage(), e);
    }
    if (VERIFIED.contains(key)) {
      return;
    }
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file), BUFFER)) {
      while (in.read(buffer) >= 0) {
        // inflate to the end: the trailer is checked there
      }
    } catch (EOFException e) {
      return;
    } catch (java.util.zip.ZipException e) {
      throw new DatasetException(file, "corrupt gzip data (" + e.getMessage() + "): the file is damaged; "
          + "download or decompress it again", e);
    } catch (IOException e) {
      throw new DatasetException(file, "cannot read: " + e.getMessage(), e);
    }
    VERIFIED.add(key);
  }

  /**
   * Reads up to {@code length} bytes; fewer only at the end of the data. A gzip stream cut off
   * mid-way throws {@link EOFException} from the inflater: that too is just "the data ended".
   *
   * @return the bytes actually read
   */
  static int readFully(InputStream in, byte[] buffer, int offset, int length, Path file) {
    int done = 0;
    try {
      while (done < length) {
        int n = in.read(buffer, offset + done, length - done);
        if (n < 0) {
          break;
        }
        done += n;
      }
    } catch (EOFException e) {
      return done;
    } catch (IOException e) {
      throw new DatasetException(file, "cannot read (corrupt data?): " + e.getMessage(), e);
    }
    return done;
  }

  /**
   * Counts the bytes of a file after inflating it if it is gzip data, reading it once with a
   * small buffer (needed where the format stores no count, as CIFAR-10).
   *
   * @return the length, and whether the gzip stream was cut off before its proper end
   */
  static Length length(Path file) {
    if (!isGzip(file)) {
      try {
        return new Length(Files.size(file), false);
      } catch (IOException e) {
        throw new DatasetException(file, "cannot read: " + e.getMessage(), e);
      }
    }
    byte[] buffer = new byte[BUFFER];
    long total = 0;
    try (InputStream in = open(file)) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        total += n;
      }
      return new Length(total, false);
    } catch (EOFException e) {
      return new Length(total, true);
    } catch (IOException e) {
      throw new DatasetException(file, "cannot read (corrupt gzip data?): " + e.getMessage(), e);
    }
  }

  /**
   * The length of a file's (inflated) content.
   *
   * @param bytes the number of bytes that could be read
   * @param cutOff true when a gzip stream ended without its trailer, i.e. the file is truncated
   */
  record Length(long bytes, boolean cutOff) {}

  /** The file name without a trailing ".gz", for matching names regardless of compression. */
  static String baseName(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
  }

  /** Checks that a path is an existing, readable regular file. */
  static void requireReadableFile(Path file) {
    if (!Files.exists(file)) {
      throw new DatasetException(file, "no such file");
    }
    if (!Files.isRegularFile(file)) {
      throw new DatasetException(file, "not a regular file");
    }
    if (!Files.isReadable(file)) {
      throw new DatasetException(file, "not readable (permissions?)");
    }
  }

  /** Formats a count with thousands separators, independent of the default locale. */
  static String count(long n) {
    return String.format(java.util.Locale.ROOT, "%,d", n);
  }
}
