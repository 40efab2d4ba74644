package io.deepsnn.network.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads fixed-size records that follow a fixed-size header, raw or gzip-compressed (detected by
 * content). Raw files are read at the record's offset, so skipping records costs nothing; gzip
 * streams can only be inflated forward, so skipped records are inflated and dropped.
 *
 * <p>Records must be requested in increasing order.
 */
final class RecordReader implements AutoCloseable {

  private final Path file;
  private final long headerBytes;
  private final int recordBytes;
  private final FileChannel channel;
  private final InputStream gzip;
  /** The record the gzip stream is positioned at; -1 before the header was skipped. */
  private long gzipNext = -1;
  private long lastRead = -1;
  /** Buffer for skipped gzip bytes, made on first use: raw files never need it. */
  private byte[] scratch;

  RecordReader(Path file, long headerBytes, int recordBytes) {
    this.file = file;
    this.headerBytes = headerBytes;
    this.recordBytes = recordBytes;
    if (DataFiles.isGzip(file)) {
      this.channel = null;
      this.gzip = DataFiles.open(file);
    } else {
      this.gzip = null;
      try {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
      } catch (IOException e) {
        throw new DatasetException(file, "cannot open: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Reads one record into the start of {@code buffer}.
   *
   * @param record the record's index, greater than any read before
   * @param buffer at least {@code recordBytes} long
   * @return the bytes read: {@code recordBytes}, or fewer where the data end (truncated file)
   */
  int read(long record, byte[] buffer) {
    if (record <= lastRead) {
      throw new IllegalStateException("records must be read in increasing order");
    }
    lastRead = record;
    return channel != null ? readAt(record, buffer) : readForward(record, buffer);
  }

  private int readAt(long record, byte[] buffer) {
    ByteBuffer target = ByteBuffer.wrap(buffer, 0, recordBytes);
    long position = headerBytes + record * recordBytes;
    try {
      while (target.hasRemaining()) {
        int n = channel.read(target, position + target.position());
        if (n < 0) {
          break;
        }
      }
    } catch (IOException e) {
      throw new DatasetException(file, "cannot read: " + e.getMessage(), e);
    }
    return target.position();
  }

  private int readForward(long record, byte[] buffer) {
    long skip = (record - Math.max(gzipNext, 0)) * recordBytes;
    if (gzipNext < 0) {
      skip += headerBytes;
    }
    gzipNext = record + 1;
    if (!skipFully(skip)) {
      return 0;
    }
    return DataFiles.readFully(gzip, buffer, 0, recordBytes, file);
  }

  /** Inflates and drops bytes; false when the data end first. */
  private boolean skipFully(long bytes) {
    if (scratch == null) {
      scratch = new byte[DataFiles.BUFFER];
    }
    long left = bytes;
    while (left > 0) {
      int chunk = (int) Math.min(left, scratch.length);
      int n = DataFiles.readFully(gzip, scratch, 0, chunk, file);
      if (n < chunk) {
        return false;
      }
      left -= n;
    }
    return true;
  }

  @Override
  public void close() {
    try {
      if (channel != null) {
        channel.close();
      } else {
        gzip.close();
      }
    } catch (IOException e) {
      throw new DatasetException(file, "cannot close: " + e.getMessage(), e);
    }
  }
}
