package io.deepsnn.network.graph;

import java.util.List;

/**
 * A fully connected layer without bias: {@code y = W·x}, from ONNX {@code MatMul} or {@code Gemm}.
 *
 * @param outFeatures number of outputs
 * @param inFeatures number of inputs (the flattened C×H×W size)
 * @param weights {@code [outFeatures][inFeatures]} row-major (PyTorch's {@code Linear.weight})
 */
public record Dense(int outFeatures, int inFeatures, float[] weights) implements Op {

  /** Validates sizes against the weight array. */
  public Dense {
    if (outFeatures < 1 || inFeatures < 1) {
      throw new IllegalArgumentException("dense sizes must be positive");
    }
    if (weights.length != (long) outFeatures * inFeatures) {
      throw new IllegalArgumentException("dense weight array has " + weights.length + " values, expected "
          + outFeatures + "x" + inFeatures);
    }
  }

  @Override
  public String kind() {
    return "dense";
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public boolean isSynaptic() {
    return true;
  }

  /** Weight from input {@code i} to output {@code o}. */
  public float weight(int o, int i) {
    return weights[o * inFeatures + i];
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape in = inputs.get(0);
    if (!in.isFlat()) {
      throw new IllegalArgumentException("fully connected layer needs a flat input (add a Flatten), got " + in);
    }
    if (in.channels() != inFeatures) {
      throw new IllegalArgumentException("fully connected layer expects " + inFeatures + " inputs, got " + in);
    }
    return Shape.flat(outFeatures);
  }

  @Override
  public long parameters() {
    return weights.length;
  }

  @Override
  public long macs(List<Shape> inputs, Shape output) {
    return (long) outFeatures * inFeatures;
  }

  @Override
  public String toString() {
    return "Dense[" + outFeatures + "<-" + inFeatures + "]";
  }
}
