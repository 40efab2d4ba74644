package io.deepsnn.network.graph;

import java.util.List;

/**
 * One operation of the ANN graph, after import: the closed set of layer kinds the method allows
 * (SEMANTICS §1). Each op knows its arity, its output shape, its parameters and its cost; the
 * arithmetic itself lives in the kernels, never here.
 */
public sealed interface Op permits Input, Conv2d, Dense, Relu, AvgPool, MaxPool, Flatten, Add, ZeroPadShortcut {

  /** Short lower-case kind used in tables and files, e.g. {@code conv}, {@code dense}. */
  String kind();

  /** Number of inputs the op takes. */
  int arity();

  /**
   * Output shape for the given input shapes.
   *
   * @throws IllegalArgumentException when the inputs do not fit; the caller adds the node name
   */
  Shape outputShape(List<Shape> inputs);

  /** Number of trainable parameters (weights). */
  default long parameters() {
    return 0;
  }

  /**
   * Multiply-accumulates per image, by the convention of SEMANTICS §6: outputs × fan-in for
   * convolutions (zero padding counted) and fully connected layers; zero for everything else.
   */
  default long macs(List<Shape> inputs, Shape output) {
    return 0;
  }

  /** True for the ops that carry synaptic weights (convolution, fully connected). */
  default boolean isSynaptic() {
    return false;
  }
}
