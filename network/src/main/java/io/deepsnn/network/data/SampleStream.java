package io.deepsnn.network.data;

import java.util.Iterator;

/**
 * A forward-only pass over (part of) a data set, reading one sample at a time.
 *
 * <p>A stream holds open files, so use it in try-with-resources. It is not thread-safe; open
 * one stream per thread instead. Errors found while reading (a truncated file, a corrupt
 * image, a bad label) are thrown from {@link #hasNext()} or {@link #next()} as
 * {@link DatasetException}.
 */
public interface SampleStream extends Iterator<Sample>, AutoCloseable {

  /**
   * Releases the files of this stream. Idempotent; {@link #hasNext()} is false afterwards.
   */
  @Override
  void close();
}
