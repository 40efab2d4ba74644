package io.deepsnn.network.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.deepsnn.network.graph.AvgPool;
import io.deepsnn.network.graph.Conv2d;
import io.deepsnn.network.graph.Dense;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.graph.GraphBuilder;
import io.deepsnn.network.graph.Padding;
import io.deepsnn.network.graph.Relu;
import io.deepsnn.network.graph.Flatten;
import io.deepsnn.network.graph.Shape;
import io.deepsnn.network.ann.AnnInference;
import io.deepsnn.network.testing.OrtRunner;
import io.deepsnn.network.testing.RandomGraphs;
import io.deepsnn.protocol.onnx.Onnx.AttributeProto;
import io.deepsnn.protocol.onnx.Onnx.GraphProto;
import io.deepsnn.protocol.onnx.Onnx.ModelProto;
import io.deepsnn.protocol.onnx.Onnx.NodeProto;
import io.deepsnn.protocol.onnx.Onnx.TensorProto;
import io.deepsnn.protocol.onnx.Onnx.TensorShapeProto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Import of valid models, and refusal of invalid ones with a message that names the culprit. */
class OnnxImporterTest {
  @TempDir
  Path dir;

  /** conv (3x3, pad 1) → relu → avgpool 2 → flatten → gemm: a valid bias-free model. */
  private static Graph small() {
    Random rnd = new Random(7);
    GraphBuilder b = new GraphBuilder("input", Shape.of(1, 4, 4));
    int x = b.add("conv1", RandomGraphs.conv(rnd, 2, 1, 3, 1, Padding.uniform(1)), 0);
    x = b.add("relu1", new Relu(), x);
    x = b.add("pool1", new AvgPool(2, 2, 2, 2, Padding.NONE, false), x);
    x = b.add("flatten", new Flatten(), x);
    x = b.add("fc", RandomGraphs.dense(rnd, 3, 8), x);
    return b.build(x);
  }

  private Path write(ModelProto m) throws IOException {
    Path f = dir.resolve("model.onnx");
    Files.write(f, m.toByteArray());
    return f;
  }

  private Path modified(UnaryOperator<GraphProto.Builder> edit) throws IOException {
    ModelProto m = OnnxExporter.toModel(small(), Map.of());
    return write(m.toBuilder().setGraph(edit.apply(m.getGraph().toBuilder())).build());
  }

  private static OnnxImportException refused(Path f) {
    return assertThrows(OnnxImportException.class, () -> OnnxImporter.read(f));
  }

  /** Refused by the paper's strict import ({@code --bias refuse}). */
  private static OnnxImportException refusedStrictly(Path f) {
    return assertThrows(OnnxImportException.class,
        () -> new OnnxImporter(ImportOptions.defaults().withBiases(false)).importFile(f));
  }

  /** The ANN in Java equals ONNX Runtime on the model in {@code f}. */
  private static void assertMatchesOrt(Path f, Graph g) throws Exception {
    try (OrtRunner ort = new OrtRunner(Files.readAllBytes(f))) {
      for (int k = 0; k < 3; k++) {
        float[] x = RandomGraphs.randomInput(g, 100 + k);
        float[] expected = ort.run(x, g.inputShape(), 4);
        assertTrue(OrtRunner.relativeMaxDifference(new AnnInference(g).forward(x), expected) < 1e-5);
      }
    }
  }

  /** small() with a BatchNormalization (epsilon 0) inserted before {@code consumer}'s first input. */
  private Path withBatchNorm(String consumer, float[] scale, float[] b, float[] mean, float[] var)
      throws IOException {
    return modified(g -> {
      int i = nodeIndex(g, consumer);
      NodeProto next = g.getNode(i);
      g.addInitializer(floats("bn.scale", new long[] {scale.length}, scale));
      g.addInitializer(floats("bn.b", new long[] {b.length}, b));
      g.addInitializer(floats("bn.mean", new long[] {mean.length}, mean));
      g.addInitializer(floats("bn.var", new long[] {var.length}, var));
      NodeProto bn = NodeProto.newBuilder().setName("bn1").setOpType("BatchNormalization").addInput(next.getInput(0))
          .addInput("bn.scale").addInput("bn.b").addInput("bn.mean").addInput("bn.var").addOutput("bn_out")
          .addAttribute(AttributeProto.newBuilder().setName("epsilon").setType(AttributeProto.AttributeType.FLOAT)
              .setF(0f)).build();
      g.setNode(i, next.toBuilder().setInput(0, "bn_out"));
      g.addNode(i, bn);
      return g;
    });
  }

  private static int nodeIndex(GraphProto.Builder g, String name) {
    for (int i = 0; i < g.getNodeCount(); i++) {
      if (g.getNode(i).getName().equals(name)) {
        return i;
      }
    }
    throw new AssertionError("no node " + name);
  }

  private static TensorProto floats(String name, long[] dims, float... v) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
    for (long d : dims) {
      t.addDims(d);
    }
    for (float f : v) {
      t.addFloatData(f);
    }
    return t.build();
  }

  @Test
  void importsAValidModelWithShapes() throws IOException {
    Graph g = OnnxImporter.read(write(OnnxExporter.toModel(small(), Map.of()))).graph();
    assertEquals(Shape.of(1, 4, 4), g.inputShape());
    assertEquals(Shape.flat(3), g.outputShape());
    assertEquals(Arrays.asList("input", "conv", "relu", "avgpool", "flatten", "dense"),
        g.nodes().stream().map(n -> n.op().kind()).toList());
    assertEquals(Shape.of(2, 2, 2), g.node(3).shape());
  }

  @Test
  void refusesAnUnsupportedOp() throws IOException {
    Path f = modified(g -> g.setNode(nodeIndex(g, "relu1"), g.getNode(nodeIndex(g, "relu1")).toBuilder().setOpType("Sigmoid")));
    String msg = refused(f).getMessage();
    assertTrue(msg.contains("relu1") && msg.contains("Sigmoid") && msg.contains("unsupported"), msg);
    assertTrue(msg.startsWith(f.toString()), msg);
  }

  @Test
  void refusesAConvWithNonZeroBias() throws IOException {
    Path f = modified(g -> {
      int i = nodeIndex(g, "conv1");
      g.addInitializer(floats("conv1.bias", new long[] {2}, 0f, 0.5f));
      return g.setNode(i, g.getNode(i).toBuilder().addInput("conv1.bias"));
    });
    String msg = refusedStrictly(f).getMessage();
    assertTrue(msg.contains("conv1") && msg.contains("(Conv)") && msg.contains("bias"), msg);
  }

  @Test
  void aConvBiasBecomesTheLayersBias() throws Exception {
    Path f = modified(g -> {
      int i = nodeIndex(g, "conv1");
      g.addInitializer(floats("conv1.bias", new long[] {2}, 0f, 0.5f));
      return g.setNode(i, g.getNode(i).toBuilder().addInput("conv1.bias"));
    });
    Graph g = OnnxImporter.read(f).graph();
    assertTrue(Arrays.equals(new float[] {0f, 0.5f}, ((Conv2d) g.node(1).op()).bias()));
    assertMatchesOrt(f, g);
  }

  @Test
  void acceptsAndDropsAnAllZeroBias() throws IOException {
    Path f = modified(g -> {
      int i = nodeIndex(g, "conv1");
      g.addInitializer(floats("conv1.bias", new long[] {2}, 0f, 0f));
      return g.setNode(i, g.getNode(i).toBuilder().addInput("conv1.bias"));
    });
    Graph g = OnnxImporter.read(f).graph();
    assertInstanceOf(Conv2d.class, g.node(1).op());
  }

  @Test
  void refusesAGemmWithNonZeroBias() throws IOException {
    Path f = modified(g -> {
      int i = nodeIndex(g, "fc");
      g.addInitializer(floats("fc.bias", new long[] {3}, 1f, 0f, 0f));
      return g.setNode(i, g.getNode(i).toBuilder().addInput("fc.bias"));
    });
    String msg = refusedStrictly(f).getMessage();
    assertTrue(msg.contains("'fc'") && msg.contains("(Gemm)") && msg.contains("bias"), msg);
    Graph g = OnnxImporter.read(f).graph();
    assertTrue(Arrays.equals(new float[] {1f, 0f, 0f}, ((Dense) g.output().op()).bias()), "accepted by default");
  }

  @Test
  void refusesBatchNormalizationNamingTheNode() throws IOException {
    Path f = modified(g -> {
      int i = nodeIndex(g, "relu1");
      NodeProto relu = g.getNode(i);
      String convOut = relu.getInput(0);
      for (String p : new String[] {"scale", "b", "mean", "var"}) {
        g.addInitializer(floats("bn." + p, new long[] {2}, 1f, 1f));
      }
      NodeProto bn = NodeProto.newBuilder().setName("bn1").setOpType("BatchNormalization").addInput(convOut)
          .addInput("bn.scale").addInput("bn.b").addInput("bn.mean").addInput("bn.var").addOutput("bn_out").build();
      g.setNode(i, relu.toBuilder().setInput(0, "bn_out"));
      g.addNode(i, bn);
      return g;
    });
    String msg = refusedStrictly(f).getMessage();
    assertTrue(msg.contains("bn1") && msg.contains("BatchNormalization") && msg.contains("bias"), msg);
    assertTrue(msg.contains("torch"), msg);
  }

  @Test
  void aBatchNormAfterAConvIsFoldedIntoItsWeightsAndBias() throws Exception {
    // γ = (2, 1), β = (0.5, −1), μ = (1, 0), σ² = (4, 0.25), ε = 0: per channel k = γ/σ = (1, 2),
    // W' = k·W and b' = (0 − μ)·k + β = (−0.5, −1).
    Path f = withBatchNorm("relu1", new float[] {2, 1}, new float[] {0.5f, -1}, new float[] {1, 0},
        new float[] {4, 0.25f});
    Conv2d before = (Conv2d) small().node(1).op();
    Graph g = OnnxImporter.read(f).graph();
    assertEquals(small().size(), g.size(), "no node for the BatchNorm");
    Conv2d after = (Conv2d) g.node(1).op();
    assertTrue(Arrays.equals(new float[] {-0.5f, -1f}, after.bias()), Arrays.toString(after.bias()));
    int per = before.weights().length / 2;
    for (int i = 0; i < before.weights().length; i++) {
      assertEquals(before.weights()[i] * (i < per ? 1 : 2), after.weights()[i], 1e-6);
    }
    assertMatchesOrt(f, g);
  }

  @Test
  void aBatchNormThatFollowsNoConvOrLinearLayerIsRefusedByName() throws IOException {
    Path f = withBatchNorm("pool1", new float[] {1, 1}, new float[] {0, 0}, new float[] {0, 0},
        new float[] {1, 1});
    String msg = refused(f).getMessage();
    assertTrue(msg.contains("bn1") && msg.contains("follows no Conv or fully connected layer")
        && msg.contains("relu"), msg);
  }

  /** small() with Clip(lo, hi) inserted after relu1, or (replace) in relu1's place. */
  private Path withClip(float lo, float hi, boolean replace) throws IOException {
    return modified(g -> {
      int i = nodeIndex(g, "relu1");
      NodeProto relu = g.getNode(i);
      g.addInitializer(floats("clip.lo", new long[0], lo));
      g.addInitializer(floats("clip.hi", new long[0], hi));
      if (replace) {
        g.setNode(i, NodeProto.newBuilder().setName("clip1").setOpType("Clip").addInput(relu.getInput(0))
            .addInput("clip.lo").addInput("clip.hi").addOutput(relu.getOutput(0)).build());
        return g;
      }
      int pool = nodeIndex(g, "pool1");
      g.setNode(pool, g.getNode(pool).toBuilder().setInput(0, "clip_out"));
      g.addNode(i + 1, NodeProto.newBuilder().setName("clip1").setOpType("Clip").addInput(relu.getOutput(0))
          .addInput("clip.lo").addInput("clip.hi").addOutput("clip_out").build());
      return g;
    });
  }

  @Test
  void aReluThenClipBecomesOneReluWithThatClipLevel() throws Exception {
    Path f = withClip(0f, 0.3f, false);
    Graph g = OnnxImporter.read(f).graph();
    assertEquals(small().size(), g.size(), "the Clip adds no node: it clips the ReLU before it");
    assertEquals(new Relu(0.3f), g.node(2).op());
    assertMatchesOrt(f, g);
  }

  @Test
  void aClipWithMinimumZeroIsAClippedRelu() throws Exception {
    Path f = withClip(0f, 0.3f, true);
    Graph g = OnnxImporter.read(f).graph();
    assertEquals(small().size(), g.size());
    assertEquals(new Relu(0.3f), g.node(2).op());
    assertMatchesOrt(f, g);
  }

  @Test
  void aClipWithAnotherMinimumOrNoMaximumIsRefusedByName() throws IOException {
    String msg = refused(withClip(-1f, 1f, true)).getMessage();
    assertTrue(msg.contains("clip1") && msg.contains("Clip with min -1.0"), msg);
    String inf = refused(withClip(0f, Float.POSITIVE_INFINITY, true)).getMessage();
    assertTrue(inf.contains("clip1") && inf.contains("positive finite"), inf);
  }

  @Test
  void aClippedReluSurvivesTheExportAndImportOfTheNetworkFile() throws IOException {
    GraphBuilder b = new GraphBuilder("input", Shape.flat(3));
    int x = b.add("fc1", RandomGraphs.dense(new Random(3), 4, 3), 0);
    x = b.add("relu1", new Relu(1.5f), x);
    x = b.add("fc2", RandomGraphs.dense(new Random(4), 2, 4), x);
    Graph g = OnnxImporter.read(write(OnnxExporter.toModel(b.build(x), Map.of()))).graph();
    assertEquals(new Relu(1.5f), g.node(2).op());
  }

  @Test
  void maxPoolImportsAsAGateAndIsRefusedStrictlySayingRetrainWithAveragePooling() throws Exception {
    Path f = modified(g -> {
      int i = nodeIndex(g, "pool1");
      return g.setNode(i, g.getNode(i).toBuilder().setOpType("MaxPool").clearAttribute()
          .addAttribute(AttributeProto.newBuilder().setName("kernel_shape").setType(AttributeProto.AttributeType.INTS)
              .addInts(2).addInts(2))
          .addAttribute(AttributeProto.newBuilder().setName("strides").setType(AttributeProto.AttributeType.INTS)
              .addInts(2).addInts(2)));
    });
    Graph g = OnnxImporter.read(f).graph();
    assertEquals(new io.deepsnn.network.graph.MaxPool(2, 2, 2, 2, Padding.NONE), g.node(3).op());
    assertMatchesOrt(f, g);
    String msg = assertThrows(OnnxImportException.class,
        () -> new OnnxImporter(ImportOptions.defaults().withMaxPools(false)).importFile(f)).getMessage();
    assertTrue(msg.contains("pool1") && msg.contains("MaxPool") && msg.contains("average pooling")
        && msg.contains("--maxpool gate"), msg);
  }

  @Test
  void overlappingPaddedMaxPoolsMatchOnnxRuntimeAndSurviveTheNetworkFile() throws Exception {
    for (long seed = 1; seed <= 6; seed++) {
      Graph g = RandomGraphs.vggMaxPool(seed);
      Path f = write(OnnxExporter.toModel(g, Map.of()));
      Graph back = OnnxImporter.read(f).graph();
      assertEquals(g.size(), back.size());
      for (int i = 0; i < g.size(); i++) {
        if (g.node(i).op() instanceof io.deepsnn.network.graph.MaxPool m) {
          assertEquals(m, back.node(i).op());
        }
      }
      assertMatchesOrt(f, back);
    }
  }

  @Test
  void refusesNaNWeights() throws IOException {
    Graph good = small();
    float[] w = ((Conv2d) good.node(1).op()).weights();
    w[5] = Float.NaN;
    String msg = refused(write(OnnxExporter.toModel(good, Map.of()))).getMessage();
    assertTrue(msg.contains("conv1") && msg.contains("NaN") && msg.contains("index 5"), msg);
  }

  @Test
  void refusesInfiniteWeights() throws IOException {
    Graph good = small();
    ((Dense) good.output().op()).weights()[2] = Float.POSITIVE_INFINITY;
    String msg = refused(write(OnnxExporter.toModel(good, Map.of()))).getMessage();
    assertTrue(msg.contains("'fc'") && msg.contains("Infinity"), msg);
  }

  @Test
  void refusesATruncatedFile() throws IOException {
    byte[] bytes = OnnxExporter.toModel(small(), Map.of()).toByteArray();
    for (int cut : new int[] {bytes.length / 3, bytes.length / 2, bytes.length - 7}) {
      Path f = dir.resolve("cut" + cut + ".onnx");
      Files.write(f, Arrays.copyOf(bytes, cut));
      String msg = refused(f).getMessage();
      assertTrue(msg.contains(f.toString()) && (msg.contains("truncated") || msg.contains("not an ONNX")), msg);
    }
  }

  @Test
  void refusesAFileThatIsNotOnnx() throws IOException {
    Path f = dir.resolve("notes.onnx");
    Files.writeString(f, "this is a text file, not a model\n", StandardCharsets.UTF_8);
    String msg = refused(f).getMessage();
    assertTrue(msg.contains(f.toString()) && msg.contains("not an ONNX model"), msg);
    Path empty = dir.resolve("empty.onnx");
    Files.write(empty, new byte[0]);
    assertTrue(refused(empty).getMessage().contains("not an ONNX model"));
  }

  @Test
  void refusesAMissingFile() {
    Path f = dir.resolve("nope.onnx");
    assertTrue(refused(f).getMessage().contains("no such file"));
  }

  private Path withInputDims(TensorShapeProto.Dimension... dims) throws IOException {
    return modified(g -> {
      TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
      for (TensorShapeProto.Dimension d : dims) {
        s.addDim(d);
      }
      var in = g.getInput(0).toBuilder();
      in.getTypeBuilder().getTensorTypeBuilder().setShape(s);
      return g.setInput(0, in);
    });
  }

  private static TensorShapeProto.Dimension fixed(long v) {
    return TensorShapeProto.Dimension.newBuilder().setDimValue(v).build();
  }

  private static TensorShapeProto.Dimension param(String p) {
    return TensorShapeProto.Dimension.newBuilder().setDimParam(p).build();
  }

  @Test
  void refusesDynamicHeightAndWidthUnlessInputShapeIsGiven() throws IOException {
    Path f = withInputDims(param("N"), fixed(1), param("height"), param("width"));
    String msg = refused(f).getMessage();
    assertTrue(msg.contains("input 'input'") && msg.contains("height") && msg.contains("--input-shape"), msg);
    Graph g = new OnnxImporter(ImportOptions.defaults().withInputShape(Shape.of(1, 4, 4))).importFile(f).graph();
    assertEquals(Shape.of(1, 4, 4), g.inputShape());
    OnnxImportException wrong = assertThrows(OnnxImportException.class,
        () -> new OnnxImporter(ImportOptions.defaults().withInputShape(Shape.of(3, 4, 4))).importFile(f));
    assertTrue(wrong.getMessage().contains("channels"), wrong.getMessage());
  }

  @Test
  void acceptsAFixedBatchDimension() throws IOException {
    Path f = withInputDims(fixed(1), fixed(1), fixed(4), fixed(4));
    assertEquals(Shape.of(1, 4, 4), OnnxImporter.read(f).graph().inputShape());
  }

  @Test
  void refusesTensorsAboveTheSizeLimit() throws IOException {
    Path f = write(OnnxExporter.toModel(small(), Map.of()));
    OnnxImportException e = assertThrows(OnnxImportException.class,
        () -> new OnnxImporter(ImportOptions.defaults().withMaxTensorBytes(80)).importFile(f));
    assertTrue(e.getMessage().contains("fc.weight") && e.getMessage().contains("limit"), e.getMessage());
  }

  @Test
  void refusesRawDataOfTheWrongLength() throws IOException {
    Path f = modified(g -> {
      for (int i = 0; i < g.getInitializerCount(); i++) {
        if (g.getInitializer(i).getName().equals("conv1.weight")) {
          ByteString raw = g.getInitializer(i).getRawData();
          g.setInitializer(i, g.getInitializer(i).toBuilder().setRawData(raw.substring(0, raw.size() - 4)));
        }
      }
      return g;
    });
    String msg = refused(f).getMessage();
    assertTrue(msg.contains("conv1.weight") && msg.contains("truncated"), msg);
  }

  @Test
  void refusesUnsupportedOpsets() throws IOException {
    ModelProto m = OnnxExporter.toModel(small(), Map.of());
    Path f = write(m.toBuilder().setOpsetImport(0, m.getOpsetImport(0).toBuilder().setVersion(9)).build());
    assertTrue(refused(f).getMessage().contains("opset 9"));
  }

  @Test
  void foldsAZeroPadBeforeAnAveragePool() throws IOException {
    // torch writes Pad(pads) + AveragePool; the pad must fold into the pool with padded zeros counted.
    Path f = modified(g -> {
      int i = nodeIndex(g, "pool1");
      NodeProto pool = g.getNode(i);
      g.addInitializer(TensorProto.newBuilder().setName("pp").setDataType(TensorProto.DataType.INT64_VALUE)
          .addDims(8).addAllInt64Data(Arrays.asList(0L, 0L, 1L, 1L, 0L, 0L, 1L, 1L)));
      NodeProto pad = NodeProto.newBuilder().setName("pad1").setOpType("Pad").addInput(pool.getInput(0))
          .addInput("pp").addOutput("padded").build();
      g.setNode(i, pool.toBuilder().setInput(0, "padded"));
      g.addNode(i, pad);
      // 4x4 padded to 6x6, pooled 2/2 → 3x3, 2 channels: the fc must read 18 features.
      int fc = nodeIndex(g, "fc");
      g.addInitializer(floats("fc18", new long[] {3, 18}, new float[54]));
      return g.setNode(fc, g.getNode(fc).toBuilder().setInput(1, "fc18"));
    });
    Graph g = OnnxImporter.read(f).graph();
    AvgPool pool = (AvgPool) g.node(3).op();
    assertEquals(Padding.uniform(1), pool.padding());
    assertTrue(pool.countIncludePad());
    assertEquals(Shape.of(2, 3, 3), g.node(3).shape());
  }

  @Test
  void aSpatialPadFeedingSomethingElseIsRefused() throws IOException {
    Path f = modified(g -> {
      int i = nodeIndex(g, "relu1");
      NodeProto relu = g.getNode(i);
      g.addInitializer(TensorProto.newBuilder().setName("pp").setDataType(TensorProto.DataType.INT64_VALUE)
          .addDims(8).addAllInt64Data(Arrays.asList(0L, 0L, 1L, 1L, 0L, 0L, 1L, 1L)));
      NodeProto pad = NodeProto.newBuilder().setName("pad1").setOpType("Pad").addInput(relu.getInput(0))
          .addInput("pp").addOutput("padded").build();
      g.setNode(i, relu.toBuilder().setInput(0, "padded"));
      g.addNode(i, pad);
      return g;
    });
    String msg = refused(f).getMessage();
    assertTrue(msg.contains("pad1") && msg.contains("relu1"), msg);
  }
  @Test
  void importsTorchViewBatchMinusOneAsAFlattenThatMatchesOnnxRuntime() throws Exception {
    // x.view(x.size(0), -1) exports Shape → Gather(0) → Unsqueeze → Concat([n], [-1]) → Reshape.
    Path f = flattenAsReshape((g, in) -> {
      g.addInitializer(TensorProto.newBuilder().setName("zero").setDataType(TensorProto.DataType.INT64_VALUE)
          .addInt64Data(0));
      g.addInitializer(TensorProto.newBuilder().setName("axes0").setDataType(TensorProto.DataType.INT64_VALUE)
          .addDims(1).addInt64Data(0));
      return List.of(NodeProto.newBuilder().setName("shape").setOpType("Shape").addInput(in).addOutput("shape")
              .build(),
          NodeProto.newBuilder().setName("gather").setOpType("Gather").addInput("shape").addInput("zero")
              .addOutput("n").addAttribute(intAttribute("axis", 0)).build(),
          NodeProto.newBuilder().setName("unsqueeze").setOpType("Unsqueeze").addInput("n").addInput("axes0")
              .addOutput("prefix").build());
    });
    Graph g = OnnxImporter.read(f).graph();
    assertInstanceOf(Flatten.class, g.node(4).op(), g.toString());
    assertEquals(Shape.flat(8), g.node(4).shape());
    try (OrtRunner ort = new OrtRunner(Files.readAllBytes(f))) {
      float[] x = RandomGraphs.randomInput(g, 5);
      float[] expected = ort.run(x, g.inputShape(), 4);
      float[] actual = new AnnInference(g).forward(x);
      assertTrue(OrtRunner.relativeMaxDifference(actual, expected) < 1e-5);
    }
  }

  @Test
  void shapeHonoursStartAndEnd() throws IOException {
    // Shape(start=-4, end=1) of the pooled 2x2x2 tensor is [1]: with [-1] appended, a flatten.
    assertInstanceOf(Flatten.class, OnnxImporter.read(viewWithShapeSlice(-4, 1)).graph().node(4).op());
    // end=2 keeps the channels too: [1, 2, -1] is no flatten, and the error names the Reshape.
    String msg = refused(viewWithShapeSlice(0, 2)).getMessage();
    assertTrue(msg.contains("reshape") && msg.contains("[1,2,-1]"), msg);
  }

  /** The flatten replaced by Reshape(x, Concat(Shape(x, start, end), [-1])). */
  private Path viewWithShapeSlice(long start, long end) throws IOException {
    return flattenAsReshape((g, in) -> List.of(NodeProto.newBuilder().setName("shape").setOpType("Shape")
        .addInput(in).addOutput("prefix").addAttribute(intAttribute("start", start))
        .addAttribute(intAttribute("end", end)).build()));
  }

  /**
   * The model with its Flatten replaced by Reshape(x, Concat(prefix, [-1])), where the nodes
   * {@code prefixNodes} returns (given the graph and the flatten's input) compute {@code prefix}.
   */
  private Path flattenAsReshape(BiFunction<GraphProto.Builder, String, List<NodeProto>> prefixNodes)
      throws IOException {
    return modified(g -> {
      int i = nodeIndex(g, "flatten");
      String in = g.getNode(i).getInput(0);
      String out = g.getNode(i).getOutput(0);
      g.addInitializer(TensorProto.newBuilder().setName("minus1").setDataType(TensorProto.DataType.INT64_VALUE)
          .addDims(1).addInt64Data(-1));
      g.setNode(i, NodeProto.newBuilder().setName("reshape").setOpType("Reshape").addInput(in).addInput("target")
          .addOutput(out));
      g.addNode(i, NodeProto.newBuilder().setName("concat").setOpType("Concat").addInput("prefix")
          .addInput("minus1").addOutput("target").addAttribute(intAttribute("axis", 0)).build());
      List<NodeProto> nodes = prefixNodes.apply(g, in);
      for (int k = nodes.size() - 1; k >= 0; k--) {
        g.addNode(i, nodes.get(k));
      }
      return g;
    });
  }

  private static AttributeProto intAttribute(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
  }
}
