package io.deepsnn.network.onnx;

import io.deepsnn.network.graph.AvgPool;
import io.deepsnn.network.graph.MaxPool;
import io.deepsnn.network.graph.Flatten;
import io.deepsnn.network.graph.GraphBuilder;
import io.deepsnn.network.graph.Padding;
import io.deepsnn.network.graph.Shape;
import io.deepsnn.network.onnx.Value.Tensor;
import io.deepsnn.protocol.onnx.Onnx.NodeProto;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * Average pooling in its three ONNX spellings: AveragePool (a zero Pad before it folds in),
 * GlobalAveragePool, and ReduceMean over height and width ({@code x.mean((2, 3))}).
 */
final class PoolTranslator {
  private final ValueTable values;
  private final PendingViews views;
  private final GraphBuilder builder;

  PoolTranslator(ValueTable values, PendingViews views, GraphBuilder builder) {
    this.values = values;
    this.views = views;
    this.builder = builder;
  }

  void averagePool(NodeProto node, NodeContext ctx, Attributes a) {
    a.allowOnly(Set.of("auto_pad", "ceil_mode", "count_include_pad", "dilations", "kernel_shape", "pads",
        "strides"));
    ctx.requireInputs(node, 1, 1);
    if (a.getInt("ceil_mode", 0) != 0) {
      throw ctx.error("ceil_mode=1 is not supported; use ceil_mode=False in nn.AvgPool2d");
    }
    for (long d : a.getInts("dilations", new long[] {1, 1}, 2)) {
      if (d != 1) {
        throw ctx.error("dilated average pooling (opset 19 'dilations') is not supported");
      }
    }
    long[] k = a.getInts("kernel_shape", null, 2);
    if (k == null) {
      throw ctx.error("attribute 'kernel_shape' is missing");
    }
    long[] strides = a.getInts("strides", new long[] {1, 1}, 2);
    boolean countPad = a.getInt("count_include_pad", 0) != 0;
    Value x = values.value(node.getInput(0), ctx);
    Padding prePad = PendingViews.zeroPad(x);
    Tensor in = views.underZeroPad(x, ctx);
    requireRank(in, ctx);
    Padding own = WindowPadding.of(a, ctx, builder.shape(in.id()), (int) k[0], (int) k[1], strides);
    Padding pads = own;
    if (!prePad.isZero()) {
      // Explicitly padded zeros are real inputs of the pool: they always count in the divisor.
      if (!own.isZero() && !countPad) {
        throw ctx.error("a zero Pad before an AveragePool that also pads with count_include_pad=0 "
            + "cannot be expressed as one pool");
      }
      pads = own.plus(prePad);
      countPad = true;
    }
    AvgPool op = new AvgPool((int) k[0], (int) k[1], (int) strides[0], (int) strides[1], pads, countPad);
    values.define(node.getOutput(0), new Tensor(builder.add(ctx.name(), op, in.id()), 4));
  }

  /** MaxPool (SEMANTICS §7: a gate in the SNN): floor mode, no dilation, the default storage order. */
  void maxPool(NodeProto node, NodeContext ctx, Attributes a) {
    a.allowOnly(Set.of("auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "storage_order", "strides"));
    if (node.getOutputCount() > 1 && !node.getOutput(1).isEmpty()) {
      throw ctx.error("MaxPool's Indices output is not supported");
    }
    if (a.getInt("ceil_mode", 0) != 0) {
      throw ctx.error("ceil_mode=1 is not supported; use ceil_mode=False in nn.MaxPool2d");
    }
    for (long d : a.getInts("dilations", new long[] {1, 1}, 2)) {
      if (d != 1) {
        throw ctx.error("dilated max pooling is not supported");
      }
    }
    long[] k = a.getInts("kernel_shape", null, 2);
    if (k == null) {
      throw ctx.error("attribute 'kernel_shape' is missing");
    }
    long[] strides = a.getInts("strides", new long[] {1, 1}, 2);
    Tensor in = views.materialise(values.value(node.getInput(0), ctx), ctx.name(), ctx);
    requireRank(in, ctx);
    Padding pads = WindowPadding.of(a, ctx, builder.shape(in.id()), (int) k[0], (int) k[1], strides);
    MaxPool op = new MaxPool((int) k[0], (int) k[1], (int) strides[0], (int) strides[1], pads);
    values.define(node.getOutput(0), new Tensor(builder.add(ctx.name(), op, in.id()), 4));
  }

  void globalAveragePool(NodeProto node, NodeContext ctx) {
    ctx.requireInputs(node, 1, 1);
    Tensor in = views.materialise(values.value(node.getInput(0), ctx), ctx.name(), ctx);
    requireRank(in, ctx);
    Shape s = builder.shape(in.id());
    values.define(node.getOutput(0), new Tensor(builder.add(ctx.name(), AvgPool.global(s.height(), s.width()), in.id()), 4));
  }

  /**
   * {@code x.mean((2, 3))}: a mean over height and width is a global average pool; with
   * {@code keepdims=0} it is followed by a flatten. The axes are an attribute up to opset 17 and an
   * input from opset 18; both forms are read.
   */
  void reduceMean(NodeProto node, NodeContext ctx, Attributes a) {
    a.allowOnly(Set.of("axes", "keepdims", "noop_with_empty_axes"));
    ctx.requireInputs(node, 1, 2);
    Tensor in = views.materialise(values.value(node.getInput(0), ctx), ctx.name(), ctx);
    long[] axes = values.optionalLongs(node, 1, ctx);
    if (axes == null) {
      axes = a.getInts("axes", new long[0], -1);
    }
    if (axes.length == 0 && a.getInt("noop_with_empty_axes", 0) != 0) {
      values.define(node.getOutput(0), in);
      return;
    }
    Set<Long> reduced = new TreeSet<>();
    for (long axis : axes) {
      reduced.add(axis < 0 ? axis + in.rank() : axis);
    }
    if (in.rank() != 4 || !reduced.equals(Set.of(2L, 3L))) {
      throw ctx.error("only a mean over the spatial axes (2, 3), a global average pool, is supported; got axes "
          + (axes.length == 0 ? "(all)" : Arrays.toString(axes)) + " of a rank-" + in.rank() + " input");
    }
    Shape s = builder.shape(in.id());
    int pooled = builder.add(ctx.name(), AvgPool.global(s.height(), s.width()), in.id());
    if (a.getInt("keepdims", 1) != 0) {
      values.define(node.getOutput(0), new Tensor(pooled, 4));
    } else {
      values.define(node.getOutput(0), new Tensor(builder.add(ctx.name() + "/flatten", new Flatten(), pooled), 2));
    }
  }

  private static void requireRank(Tensor t, NodeContext ctx) {
    if (t.rank() != 4) {
      throw ctx.error("expects a rank-4 input, got rank " + t.rank());
    }
  }
}
