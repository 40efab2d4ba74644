package io.deepsnn.network.onnx;

import com.google.protobuf.ByteString;
import io.deepsnn.network.graph.Add;
import io.deepsnn.network.graph.AvgPool;
import io.deepsnn.network.graph.Conv2d;
import io.deepsnn.network.graph.Dense;
import io.deepsnn.network.graph.Flatten;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.graph.Input;
import io.deepsnn.network.graph.Node;
import io.deepsnn.network.graph.Op;
import io.deepsnn.network.graph.Padding;
import io.deepsnn.network.graph.Relu;
import io.deepsnn.network.graph.Shape;
import io.deepsnn.network.graph.ZeroPadShortcut;
import io.deepsnn.network.io.AtomicFiles;
import io.deepsnn.protocol.onnx.Onnx.AttributeProto;
import io.deepsnn.protocol.onnx.Onnx.GraphProto;
import io.deepsnn.protocol.onnx.Onnx.ModelProto;
import io.deepsnn.protocol.onnx.Onnx.NodeProto;
import io.deepsnn.protocol.onnx.Onnx.OperatorSetIdProto;
import io.deepsnn.protocol.onnx.Onnx.StringStringEntryProto;
import io.deepsnn.protocol.onnx.Onnx.TensorProto;
import io.deepsnn.protocol.onnx.Onnx.TensorShapeProto;
import io.deepsnn.protocol.onnx.Onnx.TypeProto;
import io.deepsnn.protocol.onnx.Onnx.ValueInfoProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a {@link Graph} as a standard ONNX model (opset 13), the way {@code torch.onnx.export}
 * would: Conv, Gemm (transB=1), Relu, Clip(0, λ), AveragePool, MaxPool, Flatten, Add, and the type-A shortcut as a
 * strided Slice followed by a channel Pad. Used to build test models that ONNX Runtime can run and
 * to hand graphs built in Java (benchmark architectures) to other tools.
 */
public final class OnnxExporter {
  /** Opset written into exported files. */
  public static final int OPSET = 13;
  private static final long IR_VERSION = 7;

  private OnnxExporter() {
  }

  /** The model as a protobuf message, with the given metadata properties. */
  public static ModelProto toModel(Graph graph, Map<String, String> metadata) {
    GraphProto.Builder g = GraphProto.newBuilder().setName("deepsnn");
    String[] names = new String[graph.size()];
    int[] ranks = new int[graph.size()];
    for (Node n : graph.nodes()) {
      String out = n.id() == 0 ? "input" : n.id() == graph.output().id() ? "logits" : "t" + n.id();
      names[n.id()] = out;
      String name = n.name();
      Op op = n.op();
      if (op instanceof Input in) {
        ranks[0] = in.shape().isFlat() && in.shape().channels() > 1 ? 2 : 4;
        g.addInput(valueInfo("input", ranks[0] == 4
            ? new long[] {-1, in.shape().channels(), in.shape().height(), in.shape().width()}
            : new long[] {-1, in.shape().channels()}));
      } else if (op instanceof Conv2d c) {
        String w = name + ".weight";
        g.addInitializer(floatTensor(w, new long[] {c.outChannels(), c.inChannels(), c.kernelH(), c.kernelW()},
            c.weights()));
        Padding p = c.padding();
        String[] inputs = {names[n.input()], w};
        if (c.hasBias()) {
          g.addInitializer(floatTensor(name + ".bias", new long[] {c.outChannels()}, c.bias()));
          inputs = new String[] {names[n.input()], w, name + ".bias"};
        }
        g.addNode(node("Conv", name, inputs, out)
            .addAttribute(ints("kernel_shape", c.kernelH(), c.kernelW()))
            .addAttribute(ints("strides", c.strideH(), c.strideW()))
            .addAttribute(ints("pads", p.top(), p.left(), p.bottom(), p.right())));
        ranks[n.id()] = 4;
      } else if (op instanceof Dense d) {
        String src = names[n.input()];
        if (ranks[n.input()] != 2) {
          src = out + "_flat";
          g.addNode(node("Flatten", name + "_flatten", new String[] {names[n.input()]}, src)
              .addAttribute(intAttr("axis", 1)));
        }
        String w = name + ".weight";
        g.addInitializer(floatTensor(w, new long[] {d.outFeatures(), d.inFeatures()}, d.weights()));
        String[] inputs = {src, w};
        if (d.hasBias()) {
          g.addInitializer(floatTensor(name + ".bias", new long[] {d.outFeatures()}, d.bias()));
          inputs = new String[] {src, w, name + ".bias"};
        }
        g.addNode(node("Gemm", name, inputs, out)
            .addAttribute(intAttr("transB", 1)));
        ranks[n.id()] = 2;
      } else if (op instanceof Relu r && r.clipped()) {
        // a trained clip level travels as Clip(0, λ), which the importer reads back as this ReLU
        g.addInitializer(floatTensor(name + ".min", new long[0], new float[] {0f}));
        g.addInitializer(floatTensor(name + ".max", new long[0], new float[] {r.clipLevel()}));
        g.addNode(node("Clip", name, new String[] {names[n.input()], name + ".min", name + ".max"}, out));
        ranks[n.id()] = ranks[n.input()];
      } else if (op instanceof Relu) {
        g.addNode(node("Relu", name, new String[] {names[n.input()]}, out));
        ranks[n.id()] = ranks[n.input()];
      } else if (op instanceof AvgPool a) {
        Padding p = a.padding();
        g.addNode(node("AveragePool", name, new String[] {names[n.input()]}, out)
            .addAttribute(ints("kernel_shape", a.kernelH(), a.kernelW()))
            .addAttribute(ints("strides", a.strideH(), a.strideW()))
            .addAttribute(ints("pads", p.top(), p.left(), p.bottom(), p.right()))
            .addAttribute(intAttr("count_include_pad", a.countIncludePad() ? 1 : 0)));
        ranks[n.id()] = 4;
      } else if (op instanceof io.deepsnn.network.graph.MaxPool m) {
        Padding p = m.padding();
        g.addNode(node("MaxPool", name, new String[] {names[n.input()]}, out)
            .addAttribute(ints("kernel_shape", m.kernelH(), m.kernelW()))
            .addAttribute(ints("strides", m.strideH(), m.strideW()))
            .addAttribute(ints("pads", p.top(), p.left(), p.bottom(), p.right())));
        ranks[n.id()] = 4;
      } else if (op instanceof Flatten) {
        g.addNode(node("Flatten", name, new String[] {names[n.input()]}, out)
            .addAttribute(intAttr("axis", 1)));
        ranks[n.id()] = 2;
      } else if (op instanceof Add) {
        g.addNode(node("Add", name, new String[] {names[n.inputs()[0]], names[n.inputs()[1]]}, out));
        ranks[n.id()] = Math.max(ranks[n.inputs()[0]], ranks[n.inputs()[1]]);
      } else if (op instanceof ZeroPadShortcut s) {
        exportShortcut(g, n, s, names[n.input()], out);
        ranks[n.id()] = 4;
      }
    }
    Shape o = graph.outputShape();
    g.addOutput(valueInfo("logits", ranks[graph.output().id()] == 2 ? new long[] {-1, o.channels()}
        : new long[] {-1, o.channels(), o.height(), o.width()}));
    ModelProto.Builder m = ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .setProducerName("deepsnn")
        .setProducerVersion("0.1")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setGraph(g);
    metadata.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return m.build();
  }

  /** Writes the model to {@code file} atomically (temporary file, then rename). */
  public static void write(Graph graph, Map<String, String> metadata, Path file) throws IOException {
    AtomicFiles.write(file, out -> toModel(graph, metadata).writeTo(out));
  }

  private static void exportShortcut(GraphProto.Builder g, Node n, ZeroPadShortcut s, String in, String out) {
    String name = n.name();
    String sliced = in;
    if (s.strideH() != 1 || s.strideW() != 1) {
      sliced = out + "_sub";
      g.addInitializer(longTensor(name + ".starts", 0, 0));
      g.addInitializer(longTensor(name + ".ends", Long.MAX_VALUE, Long.MAX_VALUE));
      g.addInitializer(longTensor(name + ".axes", 2, 3));
      g.addInitializer(longTensor(name + ".steps", s.strideH(), s.strideW()));
      g.addNode(node("Slice", name + "_slice", new String[] {in, name + ".starts", name + ".ends",
          name + ".axes", name + ".steps"}, sliced));
    }
    g.addInitializer(longTensor(name + ".pads", 0, s.padBefore(), 0, 0, 0, s.padAfter(), 0, 0));
    g.addNode(node("Pad", name, new String[] {sliced, name + ".pads"}, out));
  }

  private static NodeProto.Builder node(String op, String name, String[] inputs, String output) {
    NodeProto.Builder b = NodeProto.newBuilder().setOpType(op).setName(name).addOutput(output);
    for (String i : inputs) {
      b.addInput(i);
    }
    return b;
  }

  private static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  private static AttributeProto intAttr(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
  }

  private static TensorProto floatTensor(String name, long[] dims, float[] values) {
    ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(values);
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
        .setRawData(ByteString.copyFrom(buf.array()));
    for (long d : dims) {
      t.addDims(d);
    }
    return t.build();
  }

  private static TensorProto longTensor(String name, long... values) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
        .addDims(values.length);
    for (long v : values) {
      t.addInt64Data(v);
    }
    return t.build();
  }

  private static ValueInfoProto valueInfo(String name, long[] dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
          : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE)
            .setShape(shape))).build();
  }
}
