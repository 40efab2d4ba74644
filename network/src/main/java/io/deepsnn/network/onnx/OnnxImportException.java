package io.deepsnn.network.onnx;

/**
 * An ONNX model that cannot be imported: not ONNX, truncated, or outside the method's rules.
 * The message is one line that names the file, and the node, op type and reason where there is one.
 */
public class OnnxImportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with a complete, one-line message. */
  public OnnxImportException(String message) {
    super(message);
  }

  /** An error with a complete, one-line message and its cause. */
  public OnnxImportException(String message, Throwable cause) {
    super(message, cause);
  }
}
