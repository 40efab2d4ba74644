package io.deepsnn.network.graph;

import java.util.List;

/**
 * Max pooling as ONNX {@code MaxPool} defines it (floor mode; padded positions never win). Beyond
 * the paper: in the SNN it is a gate (SEMANTICS §7) that passes, at each timestep, the spike of the
 * one input of each window that has fired most so far.
 */
public record MaxPool(int kernelH, int kernelW, int strideH, int strideW, Padding padding) implements Op {

  /** Validates sizes. */
  public MaxPool {
    if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1) {
      throw new IllegalArgumentException("pool kernel and strides must be positive");
    }
  }

  @Override
  public String kind() {
    return "maxpool";
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    return Windows.pooledShape(inputs.get(0), kernelH, kernelW, strideH, strideW, padding);
  }
}
