package io.deepsnn.network.graph;

import java.util.List;

/**
 * The parameter-free "type A" ResNet shortcut: spatial subsampling {@code x[:, :, ::sH, ::sW]},
 * then {@code padBefore} zero channels put before and {@code padAfter} after the real ones. With
 * strides 1 and no padding it is the plain identity. It carries no weights and costs no MACs.
 */
public record ZeroPadShortcut(int strideH, int strideW, int padBefore, int padAfter) implements Op {

  /** Validates strides and pads. */
  public ZeroPadShortcut {
    if (strideH < 1 || strideW < 1 || padBefore < 0 || padAfter < 0) {
      throw new IllegalArgumentException("shortcut strides must be positive and pads non-negative");
    }
  }

  @Override
  public String kind() {
    return "shortcut";
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape in = inputs.get(0);
    int h = (in.height() + strideH - 1) / strideH;
    int w = (in.width() + strideW - 1) / strideW;
    return Shape.of(padBefore + in.channels() + padAfter, h, w);
  }
}
