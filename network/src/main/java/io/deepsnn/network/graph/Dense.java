package io.deepsnn.network.graph;

import java.util.List;

/**
 * A fully connected layer {@code y = W·x (+ b)}, from ONNX {@code MatMul} or {@code Gemm}; the
 * optional bias is, in the SNN, a constant current (SEMANTICS §7; the paper's networks have none).
 *
 * @param outFeatures number of outputs
 * @param inFeatures number of inputs (the flattened C×H×W size)
 * @param weights {@code [outFeatures][inFeatures]} row-major (PyTorch's {@code Linear.weight})
 * @param bias one value per output, or null for none
 */
public record Dense(int outFeatures, int inFeatures, float[] weights, float[] bias) implements Op {

  /** A fully connected layer without bias (the paper's). */
  public Dense(int outFeatures, int inFeatures, float[] weights) {
    this(outFeatures, inFeatures, weights, null);
  }

  /** Validates sizes against the weight and bias arrays. */
  public Dense {
    if (outFeatures < 1 || inFeatures < 1) {
      throw new IllegalArgumentException("dense sizes must be positive");
    }
    if (weights.length != (long) outFeatures * inFeatures) {
      throw new IllegalArgumentException("dense weight array has " + weights.length + " values, expected "
          + outFeatures + "x" + inFeatures);
    }
    if (bias != null && bias.length != outFeatures) {
      throw new IllegalArgumentException("dense bias has " + bias.length + " values, expected " + outFeatures);
    }
  }

  /** Whether it has a bias. */
  public boolean hasBias() {
    return bias != null;
  }

  /** A copy with {@code w} as weights and {@code b} as bias (BatchNorm folding, a folded bias Add). */
  public Dense with(float[] w, float[] b) {
    return new Dense(outFeatures, inFeatures, w, b);
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
    return weights.length + (bias == null ? 0 : bias.length);
  }

  @Override
  public long macs(List<Shape> inputs, Shape output) {
    return (long) outFeatures * inFeatures;
  }

  @Override
  public String toString() {
    return "Dense[" + outFeatures + "<-" + inFeatures + (bias == null ? "" : ", bias") + "]";
  }
}
