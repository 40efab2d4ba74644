package io.deepsnn.network.graph;

import java.util.List;

/**
 * Element-wise sum of two tensors of the same shape: the residual junction of a ResNet, which
 * merges the non-identity path with the shortcut. No broadcasting.
 */
public record Add() implements Op {
  @Override
  public String kind() {
    return "add";
  }

  @Override
  public int arity() {
    return 2;
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape a = inputs.get(0);
    Shape b = inputs.get(1);
    if (!a.equals(b)) {
      throw new IllegalArgumentException("Add needs equal shapes, got " + a + " and " + b);
    }
    return a;
  }
}
