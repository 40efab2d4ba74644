package io.deepsnn.network.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.network.ann.AnnInference;
import io.deepsnn.network.graph.AvgPool;
import io.deepsnn.network.graph.Flatten;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.graph.GraphBuilder;
import io.deepsnn.network.graph.Padding;
import io.deepsnn.network.graph.Relu;
import io.deepsnn.network.graph.Shape;
import io.deepsnn.network.testing.OrtRunner;
import io.deepsnn.network.testing.RandomGraphs;
import io.deepsnn.protocol.onnx.Onnx.AttributeProto;
import io.deepsnn.protocol.onnx.Onnx.GraphProto;
import io.deepsnn.protocol.onnx.Onnx.ModelProto;
import io.deepsnn.protocol.onnx.Onnx.NodeProto;
import io.deepsnn.protocol.onnx.Onnx.TensorProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The node forms that differ between opsets (Pad and ReduceMean take their axes as inputs from
 * opset 18; AveragePool gains 'dilations' in 19), and {@code x.mean((2, 3))}, checked against
 * ONNX Runtime at each opset.
 */
class OnnxOpsetTest {
  @TempDir
  Path dir;

  /** conv (3x3, pad 1) → relu → pad 1 → avgpool 2 → mean over H, W → fc: 2 channels, 3 classes. */
  private static Graph reference() {
    Random rnd = new Random(11);
    GraphBuilder b = new GraphBuilder("input", Shape.of(1, 4, 4));
    int x = b.add("conv1", RandomGraphs.conv(rnd, 2, 1, 3, 1, Padding.uniform(1)), 0);
    x = b.add("relu1", new Relu(), x);
    x = b.add("pool1", new AvgPool(2, 2, 2, 2, Padding.uniform(1), true), x);
    x = b.add("mean", AvgPool.global(3, 3), x);
    x = b.add("flatten", new Flatten(), x);
    x = b.add("fc", RandomGraphs.dense(rnd, 3, 2), x);
    return b.build(x);
  }

  /**
   * The reference graph written the way torch writes it at {@code opset}: an explicit zero Pad
   * before the pool (with an 'axes' input from opset 18), the pool with 'dilations' from opset 19,
   * and ReduceMean (axes as attribute before 18, as input from 18) with or without keepdims.
   */
  private static ModelProto asExported(int opset, boolean keepDims) {
    ModelProto m = OnnxExporter.toModel(reference(), Map.of());
    GraphProto.Builder g = m.getGraph().toBuilder();
    List<NodeProto> nodes = new java.util.ArrayList<>(g.getNodeList());
    NodeProto pool = find(nodes, "pool1");
    NodeProto mean = find(nodes, "mean");
    NodeProto flatten = find(nodes, "flatten");
    boolean axesAsInputs = opset >= 18;

    NodeProto.Builder pad = NodeProto.newBuilder().setName("pad1").setOpType("Pad").addInput(pool.getInput(0))
        .addInput("pads").addOutput("padded");
    if (axesAsInputs) {
      g.addInitializer(longs("pads", 1, 1, 1, 1));
      g.addInitializer(longs("pad_axes", 2, -1));
      pad.addInput("").addInput("pad_axes");
    } else {
      g.addInitializer(longs("pads", 0, 0, 1, 1, 0, 0, 1, 1));
    }
    NodeProto.Builder newPool = NodeProto.newBuilder().setName("pool1").setOpType("AveragePool")
        .addInput("padded").addOutput(pool.getOutput(0))
        .addAttribute(ints("kernel_shape", 2, 2)).addAttribute(ints("strides", 2, 2));
    if (opset >= 19) {
      newPool.addAttribute(ints("dilations", 1, 1));
    }

    NodeProto.Builder reduce = NodeProto.newBuilder().setName("mean").setOpType("ReduceMean")
        .addInput(mean.getInput(0)).addAttribute(AttributeProto.newBuilder().setName("keepdims")
            .setType(AttributeProto.AttributeType.INT).setI(keepDims ? 1 : 0));
    if (axesAsInputs) {
      g.addInitializer(longs("mean_axes", -1, 2));
      reduce.addInput("mean_axes");
    } else {
      reduce.addAttribute(ints("axes", -1, 2));
    }
    List<NodeProto> rewritten = new java.util.ArrayList<>();
    for (NodeProto n : nodes) {
      if (n == pool) {
        rewritten.add(pad.build());
        rewritten.add(newPool.build());
      } else if (n == mean) {
        // keepdims=1 keeps torch.flatten after the mean; keepdims=0 replaces it.
        reduce.addOutput(keepDims ? mean.getOutput(0) : flatten.getOutput(0));
        rewritten.add(reduce.build());
      } else if (n != flatten || keepDims) {
        rewritten.add(n);
      }
    }
    g.clearNode().addAllNode(rewritten);
    return m.toBuilder().setIrVersion(irVersionFor(opset)).setGraph(g)
        .setOpsetImport(0, m.getOpsetImport(0).toBuilder().setVersion(opset)).build();
  }

  /** The IR version that introduced each opset (ONNX Runtime checks it). */
  private static long irVersionFor(int opset) {
    return opset >= 21 ? 10 : opset >= 19 ? 9 : opset >= 18 ? 8 : 7;
  }

  @ParameterizedTest
  @ValueSource(ints = {13, 17, 18, 19, 20, 21, OnnxImporter.MAX_OPSET})
  void eachOpsetFormImportsToTheSameNetworkAsOnnxRuntimeComputes(int opset) throws Exception {
    for (boolean keepDims : new boolean[] {true, false}) {
      Path f = dir.resolve("opset" + opset + "-" + keepDims + ".onnx");
      Files.write(f, asExported(opset, keepDims).toByteArray());
      OnnxModel model = OnnxImporter.read(f);
      Graph g = model.graph();
      assertEquals(opset, model.opset());
      AvgPool pool = (AvgPool) g.node(3).op();
      assertEquals(Padding.uniform(1), pool.padding(), "the zero Pad folds into the pool");
      assertEquals(AvgPool.global(3, 3), g.node(4).op(), "the mean is a global average pool");
      assertInstanceOf(Flatten.class, g.node(5).op());
      assertEquals(Shape.flat(3), g.outputShape());
      try (OrtRunner ort = new OrtRunner(Files.readAllBytes(f))) {
        for (long seed = 0; seed < 3; seed++) {
          float[] x = RandomGraphs.randomInput(g, seed);
          float[] expected = ort.run(x, g.inputShape(), 4);
          float[] actual = new AnnInference(g).forward(x);
          assertTrue(OrtRunner.relativeMaxDifference(actual, expected) < 1e-5,
              "opset " + opset + ": " + Arrays.toString(actual) + " vs " + Arrays.toString(expected));
        }
      }
    }
  }

  @Test
  void aMeanOverChannelsIsRefusedNamingTheNode() throws Exception {
    ModelProto m = asExported(18, false);
    GraphProto.Builder g = m.getGraph().toBuilder();
    for (int i = 0; i < g.getInitializerCount(); i++) {
      if (g.getInitializer(i).getName().equals("mean_axes")) {
        g.setInitializer(i, longs("mean_axes", 1));
      }
    }
    String msg = refused(m.toBuilder().setGraph(g).build()).getMessage();
    assertTrue(msg.contains("'mean' (ReduceMean)") && msg.contains("[1]") && msg.contains("spatial"), msg);
  }

  @Test
  void dilatedPoolingIsRefused() throws Exception {
    ModelProto m = asExported(19, true);
    GraphProto.Builder g = m.getGraph().toBuilder();
    for (int i = 0; i < g.getNodeCount(); i++) {
      NodeProto n = g.getNode(i);
      if (n.getName().equals("pool1")) {
        NodeProto.Builder b = n.toBuilder().clearAttribute();
        for (AttributeProto a : n.getAttributeList()) {
          b.addAttribute(a.getName().equals("dilations") ? ints("dilations", 2, 2) : a);
        }
        g.setNode(i, b);
      }
    }
    String msg = refused(m.toBuilder().setGraph(g).build()).getMessage();
    assertTrue(msg.contains("'pool1' (AveragePool)") && msg.contains("dilat"), msg);
  }

  @Test
  void opsetsAboveTheSupportedRangeAreRefused() throws Exception {
    ModelProto m = asExported(OnnxImporter.MAX_OPSET, true);
    int next = OnnxImporter.MAX_OPSET + 1;
    String msg = refused(m.toBuilder().setOpsetImport(0, m.getOpsetImport(0).toBuilder().setVersion(next))
        .build()).getMessage();
    assertTrue(msg.contains("opset " + next) && msg.contains("between 11 and " + OnnxImporter.MAX_OPSET), msg);
  }

  private OnnxImportException refused(ModelProto m) throws Exception {
    Path f = dir.resolve("refused.onnx");
    Files.write(f, m.toByteArray());
    return assertThrows(OnnxImportException.class, () -> OnnxImporter.read(f));
  }

  private static NodeProto find(List<NodeProto> nodes, String name) {
    return nodes.stream().filter(n -> n.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no node " + name + " in " + nodes));
  }

  private static TensorProto longs(String name, long... v) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
        .addDims(v.length);
    for (long x : v) {
      t.addInt64Data(x);
    }
    return t.build();
  }

  private static AttributeProto ints(String name, long... v) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long x : v) {
      a.addInts(x);
    }
    return a.build();
  }
}
