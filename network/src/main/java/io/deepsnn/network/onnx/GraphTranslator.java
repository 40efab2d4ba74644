package io.deepsnn.network.onnx;

import io.deepsnn.network.graph.Add;
import io.deepsnn.network.graph.Conv2d;
import io.deepsnn.network.graph.Dense;
import io.deepsnn.network.graph.Flatten;
import io.deepsnn.network.graph.GraphBuilder;
import io.deepsnn.network.graph.GraphException;
import io.deepsnn.network.graph.Padding;
import io.deepsnn.network.graph.Relu;
import io.deepsnn.network.graph.Shape;
import io.deepsnn.network.onnx.Value.Constant;
import io.deepsnn.network.onnx.Value.Tensor;
import io.deepsnn.protocol.onnx.Onnx.AttributeProto;
import io.deepsnn.protocol.onnx.Onnx.NodeProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Walks the nodes of an ONNX graph in file order and translates them into a {@link GraphBuilder}.
 *
 * <p>Every ONNX value is tracked as a {@link Value}: a per-image tensor computed by a graph node,
 * a constant, or a pending view (a zero Pad or a strided Slice not yet materialised; see
 * {@link PendingViews}). Constant subgraphs are folded at import ({@link ConstantFolder}).
 */
final class GraphTranslator {
  private final String source;
  private final TensorDecoder decoder;
  private final GraphBuilder builder;
  private final ConstantFolder folder;
  private final ValueTable values = new ValueTable();
  private final PendingViews views;
  private final PoolTranslator pools;
  private final BiasFolding biases;
  private final java.util.Map<String, Integer> readers;
  private final boolean acceptMaxPools;

  GraphTranslator(String source, TensorDecoder decoder, GraphBuilder builder, String inputName, int inputRank,
                  boolean acceptBiases, boolean acceptMaxPools, java.util.Map<String, Integer> readers) {
    this.source = source;
    this.decoder = decoder;
    this.builder = builder;
    this.folder = new ConstantFolder(decoder, decoder.maxBytes());
    this.views = new PendingViews(source, values, builder);
    this.pools = new PoolTranslator(values, views, builder);
    this.biases = new BiasFolding(acceptBiases, values, builder, readers);
    this.readers = readers;
    this.acceptMaxPools = acceptMaxPools;
    values.define(inputName, new Tensor(0, inputRank));
  }

  void defineConstant(String name, ConstTensor t) {
    values.define(name, new Constant(t));
  }

  /** Translates one node. */
  void translate(NodeProto node, int index) {
    NodeContext ctx = new NodeContext(source, node, index);
    if (!node.getDomain().isEmpty() && !node.getDomain().equals("ai.onnx")) {
      throw ctx.error("operators of domain '" + node.getDomain() + "' are not supported");
    }
    Attributes attrs = new Attributes(node, ctx);
    try {
      if (ConstantFolder.FOLDABLE.contains(node.getOpType()) && allInputsConstant(node)) {
        List<ConstTensor> in = new ArrayList<>();
        for (String name : node.getInputList()) {
          in.add(name.isEmpty() ? null : ((Constant) values.find(name)).tensor());
        }
        values.define(node.getOutput(0), new Constant(folder.fold(node, in, attrs, ctx)));
        return;
      }
      switch (node.getOpType()) {
        case "Conv" -> conv(node, ctx, attrs);
        case "Gemm" -> gemm(node, ctx, attrs);
        case "MatMul" -> matMul(node, ctx);
        case "Relu" -> unary(node, ctx, new Relu());
        case "Clip" -> clip(node, ctx, attrs);
        case "AveragePool" -> pools.averagePool(node, ctx, attrs);
        case "GlobalAveragePool" -> pools.globalAveragePool(node, ctx);
        case "ReduceMean" -> pools.reduceMean(node, ctx, attrs);
        case "Flatten" -> flatten(node, ctx, attrs);
        case "Reshape" -> reshape(node, ctx, attrs);
        case "Shape" -> shape(node, ctx, attrs);
        case "Add" -> add(node, ctx);
        case "Dropout", "Identity" -> alias(node, ctx);
        case "Constant" -> constant(node, ctx, attrs);
        case "Pad" -> views.pad(node, ctx, attrs);
        case "Slice" -> views.slice(node, ctx);
        case "BatchNormalization" -> values.define(node.getOutput(0), biases.batchNorm(node, ctx, attrs));
        case "MaxPool" -> {
          if (!acceptMaxPools) {
            throw ctx.error("max pooling has no spiking equivalent in the paper's method: retrain with average "
                + "pooling (nn.AvgPool2d), or convert with --maxpool gate (gated max pooling, beyond the paper)");
          }
          pools.maxPool(node, ctx, attrs);
        }
        case "GlobalMaxPool" -> throw ctx.error("global max pooling is not supported (gated max pooling takes "
            + "MaxPool windows; use global average pooling)");
        default -> throw ctx.error("unsupported operator (supported: Conv, Gemm, MatMul, Relu, Clip(0, λ), AveragePool, "
            + "GlobalAveragePool, ReduceMean over H and W, Flatten, Reshape, Shape, Add, Dropout, Identity, Constant, Pad, Slice)");
      }
    } catch (GraphException | IllegalArgumentException e) {
      throw ctx.error(e.getMessage());
    }
  }

  private boolean allInputsConstant(NodeProto node) {
    for (String name : node.getInputList()) {
      if (!name.isEmpty() && !(values.find(name) instanceof Constant)) {
        return false;
      }
    }
    return node.getInputCount() > 0;
  }

  /** The per-image tensor behind a graph output name. */
  Tensor output(String name) {
    Value v = values.find(name);
    if (v == null) {
      throw new OnnxImportException(source + ": graph output '" + name + "' is not produced by any node");
    }
    if (v instanceof Constant) {
      throw new OnnxImportException(source + ": graph output '" + name + "' is a constant");
    }
    return views.materialise(v, "graph output '" + name + "'", null);
  }

  // ---- synaptic layers -------------------------------------------------------------------

  private void conv(NodeProto node, NodeContext ctx, Attributes a) {
    a.allowOnly(Set.of("auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"));
    ctx.requireInputs(node, 2, 3);
    ConstTensor w = weight(node.getInput(1), ctx, 4);
    int co = (int) w.dims()[0];
    int ci = (int) w.dims()[1];
    int kh = (int) w.dims()[2];
    int kw = (int) w.dims()[3];
    if (a.getInt("group", 1) != 1) {
      throw ctx.error("grouped convolution (group=" + a.getInt("group", 1) + ") is not supported");
    }
    for (long d : a.getInts("dilations", new long[] {1, 1}, 2)) {
      if (d != 1) {
        throw ctx.error("dilated convolution is not supported");
      }
    }
    long[] ks = a.getInts("kernel_shape", new long[] {kh, kw}, 2);
    if (ks[0] != kh || ks[1] != kw) {
      throw ctx.error("kernel_shape " + ks[0] + "x" + ks[1] + " disagrees with the weight " + w.shapeString());
    }
    long[] strides = a.getInts("strides", new long[] {1, 1}, 2);
    float[] bias = biases.inputBias(node, ctx, 2, co, 1f, "conv bias");
    Value x = values.value(node.getInput(0), ctx);
    Padding prePad = PendingViews.zeroPad(x);
    Tensor in = views.underZeroPad(x, ctx);
    if (in.rank() != 4) {
      throw ctx.error("expects a rank-4 input, got rank " + in.rank());
    }
    Shape inShape = builder.shape(in.id());
    Padding pads = WindowPadding.of(a, ctx, inShape, kh, kw, strides).plus(prePad);
    Conv2d op = new Conv2d(co, ci, kh, kw, (int) strides[0], (int) strides[1], pads, w.floats(), bias);
    values.define(node.getOutput(0), new Tensor(builder.add(ctx.name(), op, in.id()), 4));
  }

  private void gemm(NodeProto node, NodeContext ctx, Attributes a) {
    a.allowOnly(Set.of("alpha", "beta", "transA", "transB"));
    ctx.requireInputs(node, 2, 3);
    if (a.getInt("transA", 0) != 0) {
      throw ctx.error("transA=1 is not supported (the image batch must be the first operand)");
    }
    ConstTensor b = weight(node.getInput(1), ctx, 2);
    float alpha = a.getFloat("alpha", 1f);
    float beta = a.getFloat("beta", 1f);
    boolean transB = a.getInt("transB", 0) != 0;
    int out = (int) b.dims()[transB ? 0 : 1];
    float[] bias = beta == 0 ? null : biases.inputBias(node, ctx, 2, out, beta, "Gemm bias (input C)");
    dense(node, ctx, b, transB, alpha, bias);
  }

  private void matMul(NodeProto node, NodeContext ctx) {
    ctx.requireInputs(node, 2, 2);
    if (!(values.find(node.getInput(1)) instanceof Constant)) {
      throw ctx.error("MatMul needs a constant weight matrix as its second input");
    }
    ConstTensor b = weight(node.getInput(1), ctx, 2);
    dense(node, ctx, b, false, 1f, null);
  }

  /** A fully connected layer from a weight matrix [out][in] (transposed) or [in][out]. */
  private void dense(NodeProto node, NodeContext ctx, ConstTensor b, boolean transposed, float alpha, float[] bias) {
    Tensor in = views.materialise(values.value(node.getInput(0), ctx), ctx.name(), ctx);
    int rows = (int) b.dims()[0];
    int cols = (int) b.dims()[1];
    int out = transposed ? rows : cols;
    int inF = transposed ? cols : rows;
    float[] src = b.floats();
    float[] w = new float[out * inF];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < inF; i++) {
        float v = transposed ? src[o * cols + i] : src[i * cols + o];
        w[o * inF + i] = alpha == 1f ? v : alpha * v;
      }
    }
    if (in.rank() != 2 && !builder.shape(in.id()).isFlat()) {
      throw ctx.error("a fully connected layer needs a flat input; add a Flatten before it (input shape "
          + builder.shape(in.id()) + ")");
    }
    values.define(node.getOutput(0), new Tensor(builder.add(ctx.name(), new Dense(out, inF, w, bias), in.id()), 2));
  }

  // ---- shape ops ----------------------------------------------------------------------

  private void flatten(NodeProto node, NodeContext ctx, Attributes a) {
    a.allowOnly(Set.of("axis"));
    ctx.requireInputs(node, 1, 1);
    Tensor in = views.materialise(values.value(node.getInput(0), ctx), ctx.name(), ctx);
    long axis = a.getInt("axis", 1);
    if (axis < 0) {
      axis += in.rank();
    }
    if (axis != 1) {
      throw ctx.error("only Flatten with axis=1 (keep the batch dimension) is supported, got axis="
          + a.getInt("axis", 1));
    }
    flattenTo(node, ctx, in);
  }

  private void reshape(NodeProto node, NodeContext ctx, Attributes a) {
    a.allowOnly(Set.of("allowzero"));
    ctx.requireInputs(node, 2, 2);
    Tensor in = views.materialise(values.value(node.getInput(0), ctx), ctx.name(), ctx);
    long[] target = values.constant(node.getInput(1), ctx).toLongs();
    Shape s = builder.shape(in.id());
    long features = s.size();
    boolean batchKept = target.length == 2
        && (target[0] == 0 || target[0] == -1 || target[0] == 1)
        && (target[1] == -1 || target[1] == features)
        && !(target[0] == -1 && target[1] == -1);
    if (!batchKept) {
      StringBuilder t = new StringBuilder();
      for (long v : target) {
        t.append(t.length() == 0 ? "" : ",").append(v);
      }
      throw ctx.error("only a Reshape to [batch, " + features + "] (a flatten) is supported, got shape ["
          + t + "] for input " + s);
    }
    flattenTo(node, ctx, in);
  }

  /**
   * The shape of a per-image tensor, as a constant with batch size 1: what
   * {@code x.view(x.size(0), -1)} exports (Shape, Gather, Unsqueeze, Concat) then folds into the
   * Reshape target {@code [1, -1]}, a flatten.
   */
  private void shape(NodeProto node, NodeContext ctx, Attributes a) {
    a.allowOnly(Set.of("start", "end"));
    ctx.requireInputs(node, 1, 1);
    Tensor in = views.materialise(values.value(node.getInput(0), ctx), ctx.name(), ctx);
    Shape s = builder.shape(in.id());
    long[] dims = in.rank() == 4 ? new long[] {1, s.channels(), s.height(), s.width()} : new long[] {1, s.size()};
    int start = clampAxis(a.getInt("start", 0), dims.length);
    int end = clampAxis(a.getInt("end", dims.length), dims.length);
    long[] part = java.util.Arrays.copyOfRange(dims, start, Math.max(start, end));
    values.define(node.getOutput(0), new Constant(ConstTensor.ofLongs(node.getOutput(0), new long[] {part.length}, part)));
  }

  /** An axis of Shape's start/end: negative counts from the end; out of range is clamped. */
  private static int clampAxis(long axis, int rank) {
    long a = axis < 0 ? axis + rank : axis;
    return (int) Math.max(0, Math.min(rank, a));
  }

  private void flattenTo(NodeProto node, NodeContext ctx, Tensor in) {
    if (in.rank() == 2) {
      values.define(node.getOutput(0), in);
    } else {
      values.define(node.getOutput(0), new Tensor(builder.add(ctx.name(), new Flatten(), in.id()), 2));
    }
  }

  // ---- junctions, elementwise, constants -------------------------------------------------

  private void add(NodeProto node, NodeContext ctx) {
    ctx.requireInputs(node, 2, 2);
    Value a = values.value(node.getInput(0), ctx);
    Value b = values.value(node.getInput(1), ctx);
    if (a instanceof Constant || b instanceof Constant) {
      ConstTensor c = a instanceof Constant ca ? ca.tensor() : ((Constant) b).tensor();
      if (a instanceof Constant && b instanceof Constant) {
        throw ctx.error("Add of two constants is not supported");
      }
      Value other = a instanceof Constant ? b : a;
      values.define(node.getOutput(0), c.allZero() ? other : biases.addedConstant(node, ctx, other, c));
      return;
    }
    Tensor ta = views.materialise(a, ctx.name(), ctx);
    Tensor tb = views.materialise(b, ctx.name(), ctx);
    values.define(node.getOutput(0), new Tensor(builder.add(ctx.name(), new Add(), ta.id(), tb.id()),
        Math.max(ta.rank(), tb.rank())));
  }

  private void unary(NodeProto node, NodeContext ctx, io.deepsnn.network.graph.Op op) {
    ctx.requireInputs(node, 1, 1);
    Tensor in = views.materialise(values.value(node.getInput(0), ctx), ctx.name(), ctx);
    values.define(node.getOutput(0), new Tensor(builder.add(ctx.name(), op, in.id()), in.rank()));
  }

  /**
   * Clip(0, λ) (SEMANTICS §7, trained clip levels): a ReLU with clip level λ. After a plain ReLU
   * read by nothing else it clips that ReLU (ReLU-then-Clip, one IF layer); on anything else it is
   * the clipped ReLU itself. Any other minimum, or a maximum that is not a positive constant, has
   * no IF equivalent and is refused.
   */
  private void clip(NodeProto node, NodeContext ctx, Attributes a) {
    ctx.requireInputs(node, 1, 3);
    a.allowOnly(Set.of("min", "max"));
    float min = bound(node, 1, a, "min", Float.NEGATIVE_INFINITY, ctx);
    float max = bound(node, 2, a, "max", Float.POSITIVE_INFINITY, ctx);
    if (min != 0f) {
      throw ctx.error("Clip with min " + min + ": only Clip(0, λ), a ReLU with a trained clip level, converts to "
          + "integrate-and-fire neurons");
    }
    if (!(max > 0f) || Float.isInfinite(max)) {
      throw ctx.error("Clip(0, " + max + "): the clip level must be a positive finite constant");
    }
    String inputName = node.getInput(0);
    Tensor in = views.materialise(values.value(inputName, ctx), ctx.name(), ctx);
    io.deepsnn.network.graph.Node before = builder.node(in.id());
    if (before.op() instanceof Relu r && !r.clipped()) {
      if (readers.getOrDefault(inputName, 0) > 1) {
        throw ctx.error("Clip(0, " + max + ") after the ReLU '" + before.name() + "', whose output is also read "
            + "elsewhere: the clip level must belong to the ReLU itself");
      }
      builder.replaceOp(before.id(), new Relu(max));
      values.define(node.getOutput(0), in);
      return;
    }
    values.define(node.getOutput(0), new Tensor(builder.add(ctx.name(), new Relu(max), in.id()), in.rank()));
  }

  /** A Clip bound: its constant input (opset 11 and later), its attribute (before), or the default. */
  private float bound(NodeProto node, int input, Attributes a, String name, float absent, NodeContext ctx) {
    if (node.getInputCount() > input && !node.getInput(input).isEmpty()) {
      ConstTensor t = values.constant(node.getInput(input), ctx);
      if (t.elementCount() != 1) {
        throw ctx.error("Clip's " + name + " must be a scalar constant");
      }
      return t.toFloats()[0];
    }
    return a.has(name) ? a.getFloat(name, absent) : absent;
  }

  private void alias(NodeProto node, NodeContext ctx) {
    if (node.getInputCount() < 1) {
      throw ctx.error("has no input");
    }
    // Dropout is the identity at inference; its optional mask output is never defined, so a
    // consumer of it fails with "unknown value".
    values.define(node.getOutput(0), values.value(node.getInput(0), ctx));
  }

  private void constant(NodeProto node, NodeContext ctx, Attributes a) {
    a.allowOnly(Set.of("value", "value_float", "value_floats", "value_int", "value_ints"));
    String where = "node '" + ctx.name() + "' (Constant)";
    ConstTensor t;
    if (a.has("value")) {
      t = decoder.decode(a.get("value").getT(), source + ": " + where);
    } else if (a.has("value_float")) {
      t = ConstTensor.ofFloats(ctx.name(), new long[0], new float[] {a.getFloat("value_float", 0)});
    } else if (a.has("value_floats")) {
      AttributeProto p = a.get("value_floats");
      float[] f = new float[p.getFloatsCount()];
      for (int i = 0; i < f.length; i++) {
        f[i] = p.getFloats(i);
      }
      t = ConstTensor.ofFloats(ctx.name(), new long[] {f.length}, f);
    } else if (a.has("value_int")) {
      t = ConstTensor.ofLongs(ctx.name(), new long[0], new long[] {a.getInt("value_int", 0)});
    } else if (a.has("value_ints")) {
      long[] l = a.getInts("value_ints", new long[0], -1);
      t = ConstTensor.ofLongs(ctx.name(), new long[] {l.length}, l);
    } else {
      throw ctx.error("has no value attribute");
    }
    values.define(node.getOutput(0), new Constant(t));
  }

  // ---- values ----------------------------------------------------------------------------

  /** A float weight tensor of the given rank, checked for NaN and infinities. */
  private ConstTensor weight(String name, NodeContext ctx, int rank) {
    ConstTensor w = values.constant(name, ctx);
    if (!w.isFloat()) {
      throw ctx.error("weight '" + name + "' must be floating point");
    }
    if (w.rank() != rank) {
      throw ctx.error("weight '" + name + "' has shape " + w.shapeString() + ", expected rank " + rank);
    }
    int bad = w.firstNonFinite();
    if (bad >= 0) {
      throw ctx.error("weight '" + name + "' holds " + w.floats()[bad] + " at flat index " + bad
          + " (NaN or infinite weights)");
    }
    return w;
  }



}
