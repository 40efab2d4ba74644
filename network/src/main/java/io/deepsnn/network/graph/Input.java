package io.deepsnn.network.graph;

import java.util.List;

/** The graph input: one image of the given shape. */
public record Input(Shape shape) implements Op {
  @Override
  public String kind() {
    return "input";
  }

  @Override
  public int arity() {
    return 0;
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    return shape;
  }
}
