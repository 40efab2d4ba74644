package io.deepsnn.network.data;

import java.util.NoSuchElementException;

/**
 * The iteration and closing logic shared by all streams: visits the positions of a
 * {@link Selection} in order and asks the subclass to read each one.
 */
abstract class BaseSampleStream implements SampleStream {

  private final Selection selection;
  private int visited;
  private boolean closed;

  BaseSampleStream(Selection selection) {
    this.selection = selection;
  }

  /**
   * Reads the sample at a position. Positions only ever increase between calls, so a reader
   * can skip forward instead of seeking.
   */
  protected abstract Sample read(int position);

  /** Closes the files of this stream; called once. */
  protected abstract void release();

  @Override
  public final boolean hasNext() {
    if (closed) {
      return false;
    }
    if (visited < selection.count()) {
      return true;
    }
    // Free the files as soon as the data are consumed, even if the caller forgets to close.
    close();
    return false;
  }

  @Override
  public final Sample next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    int position = selection.position(visited++);
    try {
      return read(position);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  @Override
  public final void close() {
    if (!closed) {
      closed = true;
      release();
    }
  }
}
