package io.deepsnn.network.graph;

import java.util.List;

/** Flattens C×H×W into a vector in the same (channel-major) element order; moves no data. */
public record Flatten() implements Op {
  @Override
  public String kind() {
    return "flatten";
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    return Shape.flat(inputs.get(0).size());
  }
}
