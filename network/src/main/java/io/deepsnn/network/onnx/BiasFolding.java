package io.deepsnn.network.onnx;

import io.deepsnn.network.graph.Conv2d;
import io.deepsnn.network.graph.Dense;
import io.deepsnn.network.graph.GraphBuilder;
import io.deepsnn.network.graph.Node;
import io.deepsnn.network.onnx.Value.Constant;
import io.deepsnn.network.onnx.Value.Tensor;
import io.deepsnn.protocol.onnx.Onnx.NodeProto;
import java.util.Map;
import java.util.Set;

/**
 * Biases and BatchNorm at import (SEMANTICS §7): a conv's or Gemm's bias input, a constant added
 * to a conv's or fully connected layer's output, and a BatchNormalization after one, are folded
 * into that layer's weights and bias — in the SNN they become a constant current. With biases
 * refused (the paper's method, {@code --bias refuse}) each is refused by name as before.
 */
final class BiasFolding {
  private final boolean accept;
  private final ValueTable values;
  private final GraphBuilder builder;
  /** How often each value is read in the ONNX graph. */
  private final Map<String, Integer> readers;

  BiasFolding(boolean accept, ValueTable values, GraphBuilder builder, Map<String, Integer> readers) {
    this.accept = accept;
    this.values = values;
    this.builder = builder;
    this.readers = readers;
  }

  /**
   * The bias of {@code node}'s input {@code index} ({@code out} values, times {@code scale}), or
   * null when there is none or it is all zero.
   *
   * @throws OnnxImportException naming the node when biases are refused, or it has the wrong size
   */
  float[] inputBias(NodeProto node, NodeContext ctx, int index, int out, float scale, String what) {
    if (node.getInputCount() <= index || node.getInput(index).isEmpty()) {
      return null;
    }
    ConstTensor b = values.constant(node.getInput(index), ctx);
    if (b.allZero()) {
      return null;
    }
    if (!accept) {
      throw ctx.error("has a non-zero " + what + " '" + node.getInput(index) + "': the method needs bias-free "
          + "layers (--bias refuse); retrain with bias=False (all-zero biases are accepted and dropped), or "
          + "convert with --bias current");
    }
    float[] v = b.toFloats();
    if (v.length != out) {
      throw ctx.error(what + " '" + node.getInput(index) + "' has " + v.length + " values " + b.shapeString()
          + ", expected one per output (" + out + ")");
    }
    checkFinite(v, what + " '" + node.getInput(index) + "'", ctx);
    float[] r = new float[out];
    for (int i = 0; i < out; i++) {
      r[i] = scale == 1f ? v[i] : scale * v[i];
    }
    return r;
  }

  /**
   * Folds the constant {@code c} that {@code node} adds to {@code t} into the layer that made
   * {@code t}: its bias grows by {@code c}. Returns the layer's output as the Add's.
   *
   * @throws OnnxImportException naming the node when biases are refused, when the constant is not
   *     one value per output channel, or when {@code t} is not the output of a conv or fully
   *     connected layer that nothing else reads
   */
  Tensor addedConstant(NodeProto node, NodeContext ctx, Value other, ConstTensor c) {
    if (!accept) {
      throw ctx.error("adds a non-zero constant '" + c.name() + "' (a bias): the method needs bias-free layers "
          + "(--bias refuse); retrain with bias=False, or convert with --bias current");
    }
    String input = values.find(node.getInput(0)) == other ? node.getInput(0) : node.getInput(1);
    Node layer = foldableLayer(ctx, input, other, "adds the constant '" + c.name() + "' (a bias)");
    int out = outputs(layer);
    float[] v = perChannel(c, out, ctx);
    checkFinite(v, "constant '" + c.name() + "'", ctx);
    float[] bias = currentBias(layer, out);
    for (int i = 0; i < out; i++) {
      bias[i] += v[i];
    }
    replace(layer, weights(layer), bias);
    return (Tensor) other;
  }

  /**
   * Folds a BatchNormalization into the conv or fully connected layer before it: per output channel
   * W' = W·γ/√(σ²+ε), b' = (b − μ)·γ/√(σ²+ε) + β (in double, rounded once to float).
   */
  Tensor batchNorm(NodeProto node, NodeContext ctx, Attributes a) {
    a.allowOnly(Set.of("epsilon", "momentum", "training_mode", "spatial"));
    if (!accept) {
      throw ctx.error("BatchNormalization is not allowed: the method needs bias-free layers without BatchNorm "
          + "(--bias refuse; torch.onnx.export folds a BatchNorm into a conv bias, so a model trained with "
          + "BatchNorm has biases either way); retrain without BatchNorm and bias, or convert with --bias current");
    }
    ctx.requireInputs(node, 5, 5);
    if (a.getInt("training_mode", 0) != 0 || node.getOutputCount() > 1) {
      throw ctx.error("BatchNormalization in training mode (training_mode=1 or running-statistics outputs): "
          + "export the model in eval mode (model.eval())");
    }
    Value x = values.value(node.getInput(0), ctx);
    Node layer = foldableLayer(ctx, node.getInput(0), x, "BatchNormalization");
    int out = outputs(layer);
    float[] gamma = channelVector(node, ctx, 1, out, "scale");
    float[] beta = channelVector(node, ctx, 2, out, "B");
    float[] mean = channelVector(node, ctx, 3, out, "input_mean");
    float[] var = channelVector(node, ctx, 4, out, "input_var");
    double eps = a.getFloat("epsilon", 1e-5f);
    float[] w = weights(layer).clone();
    float[] b0 = currentBias(layer, out);
    float[] b = new float[out];
    int per = w.length / out;
    for (int o = 0; o < out; o++) {
      if (!(var[o] + eps > 0)) {
        throw ctx.error("input_var + epsilon of channel " + o + " is " + (var[o] + eps) + ": not positive");
      }
      double k = gamma[o] / Math.sqrt(var[o] + eps);
      for (int i = o * per; i < (o + 1) * per; i++) {
        w[i] = (float) (w[i] * k);
      }
      b[o] = (float) ((b0[o] - (double) mean[o]) * k + beta[o]);
    }
    replace(layer, w, b);
    return (Tensor) x;
  }

  /** The conv or fully connected node that made {@code v} (value {@code input}), when nothing else reads it. */
  private Node foldableLayer(NodeContext ctx, String input, Value v, String what) {
    if (!(v instanceof Tensor t) || !(builder.node(t.id()).op() instanceof Conv2d
        || builder.node(t.id()).op() instanceof Dense)) {
      String from = v instanceof Tensor t ? builder.node(t.id()).op().kind() : "a reshaped or padded value";
      throw ctx.error(what + " follows no Conv or fully connected layer (its input '" + input + "' comes from "
          + from + "): only a bias or BatchNorm right after a conv or linear layer can become a current");
    }
    if (readers.getOrDefault(input, 0) > 1) {
      throw ctx.error(what + ": the output '" + input + "' of the layer before it is also read elsewhere, so it "
          + "cannot be folded into that layer");
    }
    return builder.node(t.id());
  }

  private void replace(Node layer, float[] w, float[] b) {
    if (layer.op() instanceof Conv2d c) {
      builder.replaceOp(layer.id(), c.with(w, b));
    } else {
      builder.replaceOp(layer.id(), ((Dense) layer.op()).with(w, b));
    }
  }

  private static int outputs(Node layer) {
    return layer.op() instanceof Conv2d c ? c.outChannels() : ((Dense) layer.op()).outFeatures();
  }

  private static float[] weights(Node layer) {
    return layer.op() instanceof Conv2d c ? c.weights() : ((Dense) layer.op()).weights();
  }

  private static float[] currentBias(Node layer, int out) {
    float[] b = layer.op() instanceof Conv2d c ? c.bias() : ((Dense) layer.op()).bias();
    return b == null ? new float[out] : b.clone();
  }

  /** A constant of one value per channel, in any broadcastable shape ([C], [1,C], [C,1,1], [1,C,1,1]). */
  private static float[] perChannel(ConstTensor c, int out, NodeContext ctx) {
    long product = 1;
    long big = 0;
    for (long d : c.dims()) {
      product *= d;
      big += d > 1 ? 1 : 0;
    }
    if (product != out || big > 1) {
      throw ctx.error("adds the constant '" + c.name() + "' of shape " + c.shapeString() + ": only one value per "
          + "output channel (" + out + ") can become a bias");
    }
    return c.toFloats();
  }

  private float[] channelVector(NodeProto node, NodeContext ctx, int index, int out, String what) {
    ConstTensor t = values.constant(node.getInput(index), ctx);
    float[] v = t.toFloats();
    if (v.length != out) {
      throw ctx.error("BatchNormalization " + what + " '" + node.getInput(index) + "' has " + v.length
          + " values, expected one per channel (" + out + ")");
    }
    checkFinite(v, "BatchNormalization " + what + " '" + node.getInput(index) + "'", ctx);
    return v;
  }

  private static void checkFinite(float[] v, String what, NodeContext ctx) {
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        throw ctx.error(what + " holds " + v[i] + " at index " + i + " (NaN or infinite)");
      }
    }
  }
}
