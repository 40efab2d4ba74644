package io.deepsnn.network.onnx;

import io.deepsnn.network.graph.GraphBuilder;
import io.deepsnn.network.graph.Padding;
import io.deepsnn.network.graph.Shape;
import io.deepsnn.network.graph.ZeroPadShortcut;
import io.deepsnn.network.onnx.Value.Pending;
import io.deepsnn.network.onnx.Value.Tensor;
import io.deepsnn.protocol.onnx.Onnx.NodeProto;
import java.util.Set;

/**
 * Pad and Slice, imported as pending views of a tensor rather than graph nodes: a spatial zero Pad
 * folds into the next Conv or AveragePool, and a strided Slice plus a channel Pad (what torch
 * writes for a type-A shortcut) becomes one shortcut node when its consumer materialises it.
 */
final class PendingViews {
  private final String source;
  private final ValueTable values;
  private final GraphBuilder builder;

  PendingViews(String source, ValueTable values, GraphBuilder builder) {
    this.source = source;
    this.values = values;
    this.builder = builder;
  }

  void pad(NodeProto node, NodeContext ctx, Attributes a) {
    a.allowOnly(Set.of("mode", "pads", "value"));
    String mode = a.getString("mode", "constant");
    if (!mode.equals("constant")) {
      throw ctx.error("Pad mode '" + mode + "' is not supported (only zero padding)");
    }
    long[] pads;
    if (node.getInputCount() >= 2 && !node.getInput(1).isEmpty()) {
      pads = values.constant(node.getInput(1), ctx).toLongs();
    } else {
      pads = a.getInts("pads", null, -1);
      if (pads == null) {
        throw ctx.error("has no pads");
      }
    }
    if (node.getInputCount() >= 3 && !node.getInput(2).isEmpty() && !values.constant(node.getInput(2), ctx).allZero()) {
      throw ctx.error("only padding with zeros is supported");
    }
    if (a.getFloat("value", 0f) != 0f) {
      throw ctx.error("only padding with zeros is supported");
    }
    Value v = values.value(node.getInput(0), ctx);
    int rank = v.rank();
    long[] axes = values.optionalLongs(node, 3, ctx);
    if (axes != null) {
      pads = padsOverAllAxes(pads, axes, rank, ctx);
    }
    if (pads.length != 2 * rank) {
      throw ctx.error("pads has " + pads.length + " values for a rank-" + rank + " input");
    }
    for (long p : pads) {
      if (p < 0) {
        throw ctx.error("negative pads (cropping) are not supported");
      }
    }
    if (pads[0] != 0 || pads[rank] != 0) {
      throw ctx.error("padding the batch dimension is not supported");
    }
    if (rank == 2) {
      if (pads[1] != 0 || pads[3] != 0) {
        throw ctx.error("padding a flat feature vector is not supported");
      }
      values.define(node.getOutput(0), v);
      return;
    }
    if (rank != 4) {
      throw ctx.error("Pad of a rank-" + rank + " tensor is not supported");
    }
    Padding spatial = new Padding((int) pads[2], (int) pads[3], (int) pads[6], (int) pads[7]);
    int cBefore = (int) pads[1];
    int cAfter = (int) pads[5];
    Pending p = of(v, ctx);
    boolean channelPad = cBefore != 0 || cAfter != 0;
    if ((!spatial.isZero() && (channelPad || p.isShortcut())) || (channelPad && !p.spatial().isZero())) {
      throw ctx.error("padding channels and space together is not supported");
    }
    spatial = spatial.plus(p.spatial());
    values.define(node.getOutput(0), new Pending(p.source(), p.strideH(), p.strideW(), p.padBefore() + cBefore,
        p.padAfter() + cAfter, spatial, ctx.name()));
  }

  /** Opset 18's Pad with an 'axes' input: its pads (begins, then ends) widened to every axis. */
  private static long[] padsOverAllAxes(long[] pads, long[] axes, int rank, NodeContext ctx) {
    if (pads.length != 2 * axes.length) {
      throw ctx.error("pads has " + pads.length + " values for " + axes.length + " axes");
    }
    long[] all = new long[2 * rank];
    for (int i = 0; i < axes.length; i++) {
      int axis = (int) (axes[i] < 0 ? axes[i] + rank : axes[i]);
      if (axis < 0 || axis >= rank) {
        throw ctx.error("axis " + axes[i] + " is out of range for a rank-" + rank + " input");
      }
      all[axis] = pads[i];
      all[axis + rank] = pads[i + axes.length];
    }
    return all;
  }

  void slice(NodeProto node, NodeContext ctx) {
    ctx.requireInputs(node, 3, 5);
    Value v = values.value(node.getInput(0), ctx);
    int rank = v.rank();
    long[] starts = values.constant(node.getInput(1), ctx).toLongs();
    long[] ends = values.constant(node.getInput(2), ctx).toLongs();
    long[] axes = values.optionalLongs(node, 3, ctx);
    long[] steps = values.optionalLongs(node, 4, ctx);
    if (axes == null) {
      axes = new long[starts.length];
      for (int i = 0; i < axes.length; i++) {
        axes[i] = i;
      }
    }
    if (steps == null) {
      steps = new long[starts.length];
      java.util.Arrays.fill(steps, 1);
    }
    if (ends.length != starts.length || axes.length != starts.length || steps.length != starts.length) {
      throw ctx.error("starts, ends, axes and steps must have the same length");
    }
    Pending p = of(v, ctx);
    if (!p.spatial().isZero()) {
      throw ctx.error("slicing a zero-padded tensor is not supported");
    }
    Shape s = builder.shape(p.source());
    int[] dims = rank == 4 ? new int[] {-1, s.channels(), s.height(), s.width()} : new int[] {-1, s.size()};
    int strideH = p.strideH();
    int strideW = p.strideW();
    for (int i = 0; i < starts.length; i++) {
      int axis = (int) (axes[i] < 0 ? axes[i] + rank : axes[i]);
      if (axis < 0 || axis >= rank) {
        throw ctx.error("axis " + axes[i] + " is out of range for a rank-" + rank + " input");
      }
      boolean full = starts[i] == 0 && steps[i] == 1 && (axis == 0 || ends[i] >= dims[axis]);
      if (full) {
        continue;
      }
      // Only x[:, :, ::s, ::s] (start 0, to the end) is a type-A shortcut subsampling.
      int current = axis == 2 ? (s.height() + strideH - 1) / strideH : (s.width() + strideW - 1) / strideW;
      boolean subsample = rank == 4 && (axis == 2 || axis == 3) && starts[i] == 0 && steps[i] >= 1
          && ends[i] >= current;
      if (!subsample) {
        throw ctx.error("only slicing x[:, :, ::s, ::s] (a type-A shortcut) is supported; got axis " + axis
            + " start " + starts[i] + " end " + ends[i] + " step " + steps[i]);
      }
      if (axis == 2) {
        strideH *= (int) steps[i];
      } else {
        strideW *= (int) steps[i];
      }
    }
    values.define(node.getOutput(0), new Pending(p.source(), strideH, strideW, p.padBefore(), p.padAfter(),
        Padding.NONE, ctx.name()));
  }

  /**
   * Turns a value into a builder node for {@code consumer}, adding a shortcut node for a pending
   * shortcut view; a pending spatial pad cannot be materialised (only a window absorbs it).
   * {@code ctx} is null for a graph output.
   */
  Tensor materialise(Value v, String consumer, NodeContext ctx) {
    if (v instanceof Tensor t) {
      return t;
    }
    if (v instanceof Pending p) {
      if (!p.spatial().isZero()) {
        String msg = "a spatial zero Pad ('" + p.origin() + "') must be followed by a Conv or an AveragePool, "
            + "but feeds " + consumer;
        throw ctx != null ? ctx.error(msg) : new OnnxImportException(source + ": " + msg);
      }
      if (!p.isShortcut()) {
        return new Tensor(p.source(), 4);
      }
      ZeroPadShortcut op = new ZeroPadShortcut(p.strideH(), p.strideW(), p.padBefore(), p.padAfter());
      return new Tensor(builder.add(p.origin(), op, p.source()), 4);
    }
    String msg = consumer + " expects a per-image tensor, got a constant";
    throw ctx != null ? ctx.error(msg) : new OnnxImportException(source + ": " + msg);
  }

  /** The tensor under a zero Pad that the window reading {@code x} absorbs (x itself otherwise). */
  Tensor underZeroPad(Value x, NodeContext ctx) {
    return materialise(zeroPad(x).isZero() ? x : new Tensor(((Pending) x).source(), 4), ctx.name(), ctx);
  }

  /** The spatial zero padding of a pending Pad that a Conv or AveragePool can absorb, else none. */
  static Padding zeroPad(Value v) {
    return v instanceof Pending p && !p.isShortcut() ? p.spatial() : Padding.NONE;
  }

  static Pending of(Value v, NodeContext ctx) {
    if (v instanceof Pending p) {
      return p;
    }
    if (v instanceof Tensor t) {
      return new Pending(t.id(), 1, 1, 0, 0, Padding.NONE, ctx.name());
    }
    throw ctx.error("expects a per-image tensor, got a constant");
  }
}
