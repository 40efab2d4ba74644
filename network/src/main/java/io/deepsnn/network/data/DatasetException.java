package io.deepsnn.network.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A data set file or folder is missing, malformed or inconsistent.
 *
 * <p>The message is always one line of the form {@code "<full path>: <what is wrong>"}, so that
 * a command-line tool can print it as is and the user knows which file to look at.
 */
public class DatasetException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /**
   * Creates an exception about one file or folder.
   *
   * @param file the culprit file or folder; its absolute path starts the message
   * @param problem what is wrong with it, one line
   */
  public DatasetException(Path file, String problem) {
    this(file, problem, null);
  }

  /**
   * Creates an exception about one file or folder, caused by a lower-level error.
   *
   * @param file the culprit file or folder; its absolute path starts the message
   * @param problem what is wrong with it, one line
   * @param cause the underlying error (kept for the stack trace), or {@code null}
   */
  public DatasetException(Path file, String problem, Throwable cause) {
    super(oneLine(Objects.requireNonNull(file, "file").toAbsolutePath() + ": " + problem), cause);
    this.file = file.toAbsolutePath();
  }

  /**
   * The file or folder the error is about.
   *
   * @return its absolute path
   */
  public Path file() {
    return file;
  }

  /** Messages of underlying exceptions sometimes span lines; a CLI prints ours as one line. */
  private static String oneLine(String message) {
    return message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
