package io.deepsnn.network.graph;

/** A graph that breaks the rules of the method or of shape inference; the message names the node. */
public class GraphException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with a complete, one-line message. */
  public GraphException(String message) {
    super(message);
  }
}
