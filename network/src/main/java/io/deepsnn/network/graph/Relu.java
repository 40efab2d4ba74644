package io.deepsnn.network.graph;

import java.util.List;

/**
 * Rectified linear unit; in the spiking network every ReLU becomes an integrate-and-fire layer.
 *
 * @param clipLevel the trained clip level λ of a ReLU followed by Clip(0, λ) (beyond the paper,
 *     SEMANTICS §7: the layer's scale Λ is λ, {@code --method clip}); positive infinity for a
 *     plain ReLU
 */
public record Relu(float clipLevel) implements Op {
  /** A plain ReLU, the paper's. */
  public Relu() {
    this(Float.POSITIVE_INFINITY);
  }

  public Relu {
    if (!(clipLevel > 0)) {
      throw new GraphException("a ReLU's clip level must be positive, got " + clipLevel);
    }
  }

  /** Whether this ReLU is clipped at a finite level. */
  public boolean clipped() {
    return clipLevel != Float.POSITIVE_INFINITY;
  }

  /** The activation: max(x, 0), and at most the clip level. */
  public float apply(float x) {
    return Math.min(Math.max(x, 0f), clipLevel);
  }

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
