package io.deepsnn.network.graph;

import java.util.List;

/**
 * Average pooling as ONNX {@code AveragePool} defines it (floor mode). With
 * {@code countIncludePad} the divisor is always {@code kernelH·kernelW}; without it, padded
 * positions are left out of the divisor. {@code GlobalAveragePool} is the window of the whole plane.
 */
public record AvgPool(int kernelH, int kernelW, int strideH, int strideW, Padding padding,
                      boolean countIncludePad) implements Op {

  /** Validates sizes. */
  public AvgPool {
    if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1) {
      throw new IllegalArgumentException("pool kernel and strides must be positive");
    }
  }

  /** A global average pool over an {@code h×w} plane. */
  public static AvgPool global(int h, int w) {
    return new AvgPool(h, w, 1, 1, Padding.NONE, false);
  }

  @Override
  public String kind() {
    return "avgpool";
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
