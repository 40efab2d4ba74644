package io.deepsnn.network.onnx;

import io.deepsnn.network.graph.Padding;

/**
 * What an ONNX value name stands for while a graph is imported: a per-image tensor computed by a
 * graph node, a constant known at import time, or a pending view (a zero Pad or a strided Slice
 * not yet materialised, see {@link PendingViews}).
 */
sealed interface Value permits Value.Tensor, Value.Constant, Value.Pending {
  /** The ONNX rank, batch dimension included. */
  int rank();

  /** A per-image tensor: the output of builder node {@code id}, of ONNX rank 2 or 4. */
  record Tensor(int id, int rank) implements Value {
  }

  /** A constant known at import time. */
  record Constant(ConstTensor tensor) implements Value {
    @Override
    public int rank() {
      return tensor.rank();
    }
  }

  /**
   * A view of builder node {@code source}: subsampled by the strides, with zero channels before
   * and after, and zero spatial padding. Materialised lazily by its consumer.
   */
  record Pending(int source, int strideH, int strideW, int padBefore, int padAfter, Padding spatial,
                 String origin) implements Value {
    /** Whether the view subsamples or pads channels (a type-A shortcut), not only pads space. */
    boolean isShortcut() {
      return strideH != 1 || strideW != 1 || padBefore != 0 || padAfter != 0;
    }

    @Override
    public int rank() {
      return 4;
    }
  }
}
