package io.deepsnn.network.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.graph.ZeroPadShortcut;
import io.deepsnn.network.graph.Conv2d;
import io.deepsnn.network.onnx.OnnxExporter;
import io.deepsnn.network.onnx.OnnxImporter;
import io.deepsnn.network.onnx.OnnxModel;
import io.deepsnn.network.testing.OrtRunner;
import io.deepsnn.network.testing.RandomGraphs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java ANN kernels agree with ONNX Runtime (max |difference| ≤ 1e-4 × max |output|) on random
 * graphs exported through our ONNX writer, bias-free and with biases, and on every committed model
 * (torch exports with BatchNorm among them).
 */
class OnnxRuntimeEquivalenceTest {
  private static final double TOLERANCE = 1e-4;

  static LongStream seeds() {
    return LongStream.range(1, 21);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void randomVggGraphsMatchOnnxRuntime(long seed) throws Exception {
    assertMatchesOrt(RandomGraphs.vgg(seed), seed);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void randomResNetGraphsMatchOnnxRuntime(long seed) throws Exception {
    assertMatchesOrt(RandomGraphs.resnet(seed), seed);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void randomBiasedGraphsMatchOnnxRuntime(long seed) throws Exception {
    Graph g = RandomGraphs.biased(seed % 2 == 0 ? RandomGraphs.resnet(seed) : RandomGraphs.vgg(seed), seed);
    assertTrue(g.nodes().stream().anyMatch(n -> n.op() instanceof Conv2d c && c.hasBias()));
    assertMatchesOrt(g, seed);
  }

  @Test
  void randomResNetsCoverBothShortcutTypes() {
    boolean typeA = false;
    boolean typeB = false;
    for (long seed : seeds().toArray()) {
      Graph g = RandomGraphs.resnet(seed);
      typeA |= g.nodes().stream().anyMatch(n -> n.op() instanceof ZeroPadShortcut);
      typeB |= g.nodes().stream().anyMatch(n -> n.name().endsWith("shortcutB") && n.op() instanceof Conv2d);
    }
    assertTrue(typeA && typeB, "the seeds must exercise type-A and type-B shortcuts");
  }

  static Stream<Path> committedModels() throws IOException {
    Path dir = Path.of("src/test/resources/models");
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> models = s.filter(p -> p.toString().endsWith(".onnx")).sorted().toList();
      return models.stream();
    }
  }

  @Test
  void thereAreCommittedModels() throws IOException {
    assertFalse(committedModels().toList().isEmpty());
  }

  @ParameterizedTest
  @MethodSource("committedModels")
  void committedModelsMatchOnnxRuntime(Path model) throws Exception {
    OnnxModel m = OnnxImporter.read(model);
    byte[] bytes = Files.readAllBytes(model);
    compare(m.graph(), bytes, 4, 7);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void exportThenImportGivesTheSameGraph(long seed, @TempDir Path dir) throws Exception {
    for (Graph g : List.of(RandomGraphs.vgg(seed), RandomGraphs.resnet(seed),
        RandomGraphs.biased(RandomGraphs.vgg(seed), seed))) {
      Path file = dir.resolve("g.onnx");
      OnnxExporter.write(g, Map.of(), file);
      Graph back = OnnxImporter.read(file).graph();
      assertEquals(g.size(), back.size(), () -> "node count after round trip\n" + g + "\n" + back);
      for (int i = 0; i < g.size(); i++) {
        assertEquals(g.node(i).shape(), back.node(i).shape());
        assertEquals(g.node(i).op().kind(), back.node(i).op().kind());
        assertEquals(g.node(i).op().toString(), back.node(i).op().toString());
        assertEquals(g.node(i).inputList(), back.node(i).inputList());
      }
      assertEquals(g.totalMacs(), back.totalMacs());
      float[] x = RandomGraphs.randomInput(g, seed);
      assertTrue(java.util.Arrays.equals(new AnnInference(g).forward(x), new AnnInference(back).forward(x)));
    }
  }

  private static void assertMatchesOrt(Graph g, long seed) throws Exception {
    byte[] bytes = OnnxExporter.toModel(g, Map.of()).toByteArray();
    compare(g, bytes, g.inputShape().isFlat() ? 2 : 4, seed);
  }

  private static void compare(Graph g, byte[] model, int inputRank, long seed) throws Exception {
    AnnInference java = new AnnInference(g);
    try (OrtRunner ort = new OrtRunner(model)) {
      for (int k = 0; k < 3; k++) {
        float[] x = RandomGraphs.randomInput(g, seed * 31 + k);
        float[] expected = ort.run(x, g.inputShape(), inputRank);
        float[] actual = java.forward(x);
        double diff = OrtRunner.relativeMaxDifference(actual, expected);
        assertTrue(diff <= TOLERANCE, "relative max difference " + diff + " on seed " + seed + "\n" + g);
      }
    }
  }
}
