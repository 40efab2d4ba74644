package io.deepsnn.network.convert;

/** A {@code .snn} file that cannot be read: wrong version, truncated or corrupt. Names the file. */
public class SnnFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with a complete, one-line message. */
  public SnnFileException(String message) {
    super(message);
  }

  /** An error with a complete, one-line message and its cause. */
  public SnnFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
