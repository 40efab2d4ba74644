package io.deepsnn.network.nir;

/**
 * A NIR file that cannot be read, a NIR graph this simulator cannot run, or a converted network
 * NIR cannot express; the message names the file, node, dataset or option at fault.
 */
public class NirException extends RuntimeException {
  /** A refusal with its one-line reason. */
  public NirException(String message) {
    super(message);
  }

  /** A refusal caused by a lower-level error. */
  public NirException(String message, Throwable cause) {
    super(message, cause);
  }
}
