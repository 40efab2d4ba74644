package io.deepsnn.network.graph;

import java.util.List;

/** Rectified linear unit; in the spiking network every ReLU becomes an integrate-and-fire layer. */
public record Relu() implements Op {
  @Override
  public String kind() {
    return "relu";
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    return inputs.get(0);
  }
}
