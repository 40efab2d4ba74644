package io.deepsnn.actors.runtime;

/** The actor runtime failed a run; the message says which batch, tile and edge. */
public class ActorRuntimeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure with a complete, one-line message. */
  public ActorRuntimeException(String message) {
    super(message);
  }
}
