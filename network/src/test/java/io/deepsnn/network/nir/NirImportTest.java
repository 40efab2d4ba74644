package io.deepsnn.network.nir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.network.convert.ConversionInfo;
import io.deepsnn.network.convert.ConvertedNetwork;
import io.deepsnn.network.convert.Provenance;
import io.deepsnn.network.data.Normalization;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.graph.MaxPool;
import io.deepsnn.network.graph.Node;
import io.deepsnn.network.snn.Fixed;
import io.deepsnn.network.snn.SequentialSimulator;
import io.deepsnn.network.snn.SimulationResult;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.testing.RandomGraphs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

/**
 * NIR files from elsewhere (written as NIR's own writer does), NIR's strict threshold test, the
 * refusals on both sides, damaged files, and the golden export.
 */
class NirImportTest {
  static final Path FIXTURES = Path.of("src/test/resources/nir");
  static final Path GOLDEN = Path.of("src/test/resources/golden/small-vgg-v1.nir");
  static final Provenance PROV = new Provenance("DeepSNN", "test", "2026-12-06T00:00:00Z", "x.nir", "", "", "");

  @TempDir
  Path dir;

  /** Output spike counts of a one-input network after {@code t} steps of input x / λ_in = 1. */
  static long outputSpikes(ConvertedNetwork c, int t) {
    List<SnnInput> in = List.of(new SnnInput(0, 0, new double[] {1.0}));
    SimulationResult r = new SequentialSimulator(c.network(), c.thresholds(), c.simulationOptions())
        .run(in, new int[] {t});
    return r.spikes()[0][r.spikes()[0].length - 1];
  }

  static ConvertedNetwork load(NirNetwork n) {
    return n.toConverted(Normalization.NONE, "1", 42, List.of(), PROV);
  }

  @Test
  void aFileWrittenLikeNirsOwnWriterIsReadAndFiresByNirsStrictRule() throws IOException {
    // h5py-one-if.nir: variable-length strings, gzip, float32, int64 scalars (make_fixtures.py).
    NirNetwork n = NirImporter.read(FIXTURES.resolve("h5py-one-if.nir"), 1.0);
    assertFalse(n.fromDeepSnn());
    assertEquals("1.0.7", n.version());
    ConvertedNetwork c = load(n);
    // v_threshold = 1 and v > 1 strictly: θ is the next value of the 2^-32 grid.
    assertEquals(1.0 + 0x1p-32, c.thresholds().get(1));
    // The neuron receives 1.0 per step: v = 1 (no spike), 2 (spike, reset), 1, 2, ... : 5 in 10.
    assertEquals(5, outputSpikes(c, 10));
  }

  @Test
  void anExportedThresholdFiresAtEqualityAsThisSimulatorDoes() throws IOException {
    ConvertedNetwork c = load(NirImporter.read(FIXTURES.resolve("h5py-one-if.nir"), 1.0));
    ConvertedNetwork exactlyOne = new ConvertedNetwork(c.graph(),
        List.of(c.layers().get(0).withBiasCorrection(null)).stream()
            .map(l -> new io.deepsnn.network.convert.LayerThreshold(l.layer(), l.name(), 1, 1, 1.0, false, ""))
            .toList(), c.conversion(), c.normalization(), c.classNames(), c.provenance());
    assertEquals(10, outputSpikes(exactlyOne, 10), "v ≥ θ: every step");
    NirGraph g = NirExporter.export(exactlyOne, "test");
    NirNode neuron = g.nodes().values().stream().filter(x -> x.type().equals("IF")).findFirst().orElseThrow();
    assertEquals(1.0 - 0x1p-32, neuron.param("v_threshold").doubles()[0], "one grid step below θ");
    Path f = dir.resolve("one.nir");
    NirFiles.write(g, f);
    ConvertedNetwork back = load(NirImporter.read(f, 1.0));
    assertEquals(1.0, back.thresholds().get(1));
    assertEquals(10, outputSpikes(back, 10));
  }

  static void assertOneLineNaming(Executable e, String... parts) {
    NirException x = assertThrows(NirException.class, e);
    assertFalse(x.getMessage().contains("\n"), x.getMessage());
    for (String p : parts) {
      assertTrue(x.getMessage().contains(p), "'" + p + "' in: " + x.getMessage());
    }
  }

  @Test
  void aLeakyNeuronIsRefusedNamingTheNodeItsTypeAndWhy() {
    assertOneLineNaming(() -> NirImporter.read(FIXTURES.resolve("h5py-one-lif.nir"), 1.0),
        "h5py-one-lif.nir", "'neuron' (LIF)", "leak");
  }

  /** The one-neuron graph with IF parameters {@code params} and {@code extra} edges into it. */
  static NirGraph oneNeuron(Map<String, NirTensor> params) {
    Map<String, NirNode> nodes = new LinkedHashMap<>();
    nodes.put("input", new NirNode("input", "Input", Map.of("shape", NirTensor.ints(1, 1, 1)), Map.of()));
    nodes.put("fc", new NirNode("fc", "Affine", Map.of("weight", NirTensor.f32(new float[] {1f}, 1, 1),
        "bias", NirTensor.f64(new double[] {0}, 1)), Map.of()));
    nodes.put("neuron", new NirNode("neuron", "IF", params, Map.of()));
    nodes.put("output", new NirNode("output", "Output", Map.of("shape", NirTensor.ints(1)), Map.of()));
    return new NirGraph("1.0.7", nodes, List.of(new NirGraph.Edge("input", "fc"), new NirGraph.Edge("fc", "neuron"),
        new NirGraph.Edge("neuron", "output")), Map.of());
  }

  static Map<String, NirTensor> ifParams(double r, double threshold, double reset) {
    return Map.of("r", NirTensor.f64(new double[] {r}, 1), "v_threshold", NirTensor.f64(new double[] {threshold}, 1),
        "v_reset", NirTensor.f64(new double[] {reset}, 1));
  }

  @Test
  void whatTheSimulatorCannotRunIsRefusedByNodeBeforeAnythingRuns() {
    assertOneLineNaming(() -> NirImporter.fromGraph(oneNeuron(ifParams(1, 1, 0.5)), "g.nir", 1),
        "g.nir", "'neuron' (IF)", "v_reset = 0.5");
    Map<String, NirTensor> perNeuron = new LinkedHashMap<>(ifParams(1, 1, 0));
    Map<String, NirNode> nodes = new LinkedHashMap<>(oneNeuron(perNeuron).nodes());
    nodes.put("fc", new NirNode("fc", "Affine", Map.of("weight", NirTensor.f32(new float[] {1f, 1f}, 2, 1),
        "bias", NirTensor.f64(new double[] {0, 0}, 2)), Map.of()));
    nodes.put("neuron", new NirNode("neuron", "IF", Map.of("r", NirTensor.f64(new double[] {1, 1}, 2),
        "v_threshold", NirTensor.f64(new double[] {1, 2}, 2), "v_reset", NirTensor.f64(new double[2], 2)), Map.of()));
    NirGraph two = oneNeuron(perNeuron);
    NirGraph differing = new NirGraph(two.version(), nodes, two.edges(), Map.of());
    assertOneLineNaming(() -> NirImporter.fromGraph(differing, "g.nir", 1), "'neuron' (IF)", "'v_threshold' differs");
    NirGraph cyclic = new NirGraph(two.version(), two.nodes(), List.of(new NirGraph.Edge("input", "fc"),
        new NirGraph.Edge("fc", "neuron"), new NirGraph.Edge("neuron", "fc"), new NirGraph.Edge("neuron", "output")),
        Map.of());
    assertOneLineNaming(() -> NirImporter.fromGraph(cyclic, "g.nir", 1), "cycle", "recurrent");
    NirGraph dangling = new NirGraph(two.version(), two.nodes(), List.of(new NirGraph.Edge("input", "fc"),
        new NirGraph.Edge("fc", "nowhere")), Map.of());
    assertOneLineNaming(() -> NirImporter.fromGraph(dangling, "g.nir", 1), "'fc' -> 'nowhere'");
    Map<String, NirNode> delayed = new LinkedHashMap<>(two.nodes());
    delayed.put("neuron", new NirNode("neuron", "Delay", Map.of("delay", NirTensor.f64(new double[] {2}, 1)),
        Map.of()));
    assertOneLineNaming(() -> NirImporter.fromGraph(new NirGraph("1.0.7", delayed, two.edges(), Map.of()), "g.nir", 1),
        "'neuron' (Delay)", "same timestep");
  }

  @Test
  void whatNirCannotSayIsRefusedOnExportNamingTheOptionOrNode() {
    ConvertedNetwork c = NirRoundTripTest.converted(NirRoundTripTest.vgg(1), 1);
    ConversionInfo i = c.conversion();
    ConversionInfo subtract = new ConversionInfo(i.method(), i.percentile(), i.calibrationImages(),
        i.calibrationSteps(), i.residualPolicy(), i.inputScaleRule(), i.inputScale(), i.inputMode(), "subtract",
        i.seed(), i.calibrationSeed(), i.calibrationRandom(), i.seconds());
    assertOneLineNaming(() -> NirExporter.export(new ConvertedNetwork(c.graph(), c.layers(), subtract,
        c.normalization(), c.classNames(), c.provenance()), "t"), "--reset subtract", "v_reset");
    ConversionInfo vInit = new ConversionInfo(i.method(), i.percentile(), i.calibrationImages(),
        i.calibrationSteps(), i.residualPolicy(), i.inputScaleRule(), i.inputScale(), i.inputMode(), "zero",
        i.seed(), i.calibrationSeed(), i.calibrationRandom(), i.seconds(), 0.5);
    assertOneLineNaming(() -> NirExporter.export(new ConvertedNetwork(c.graph(), c.layers(), vInit,
        c.normalization(), c.classNames(), c.provenance()), "t"), "--v-init 0.5", "initial potential");
    Graph maxPooled = null;
    for (long seed = 1; maxPooled == null; seed++) {
      Graph g = RandomGraphs.vggMaxPool(seed);
      maxPooled = g.nodes().stream().anyMatch(n -> n.op() instanceof MaxPool) ? g : null;
    }
    Node pool = maxPooled.nodes().stream().filter(n -> n.op() instanceof MaxPool).findFirst().orElseThrow();
    Graph withMaxPool = maxPooled;
    assertOneLineNaming(() -> NirExporter.export(NirRoundTripTest.converted(withMaxPool, 1), "t"),
        "'" + pool.name() + "' (maxpool)", "gate");
  }

  @Test
  void damagedAndForeignFilesAreRefusedNamingTheFile() throws IOException {
    Path f = dir.resolve("net.nir");
    NirFiles.write(NirExporter.export(NirRoundTripTest.converted(NirRoundTripTest.vgg(2), 2), "t"), f);
    byte[] bytes = Files.readAllBytes(f);
    Random rnd = new Random(5);
    int refused = 0;
    for (int round = 0; round < 40; round++) {
      byte[] b = bytes.clone();
      if (round % 4 == 0) {
        b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
      } else {
        for (int k = 0; k < 1 + rnd.nextInt(8); k++) {
          b[rnd.nextInt(b.length)] ^= (byte) (1 + rnd.nextInt(255));
        }
      }
      Path d = dir.resolve("damaged" + round + ".nir");
      Files.write(d, b);
      try {
        NirImporter.read(d, Double.NaN);
      } catch (NirException e) {
        assertTrue(e.getMessage().contains(d.toString()), e.getMessage());
        refused++;
      }
    }
    assertTrue(refused > 10, "most damage is noticed: " + refused);
    Path text = dir.resolve("text.nir");
    Files.writeString(text, "not hdf5");
    assertOneLineNaming(() -> NirImporter.read(text, 1), text.toString(), "HDF5");
    assertOneLineNaming(() -> NirImporter.read(dir.resolve("absent.nir"), 1), "absent.nir", "no such file");
  }

  /** A random structural change: a dataset replaced, removed or reshaped, an edge added or dropped, a type swapped. */
  static NirGraph mutate(NirGraph g, Random rnd) {
    List<String> names = new java.util.ArrayList<>(g.nodes().keySet());
    Map<String, NirNode> nodes = new LinkedHashMap<>(g.nodes());
    List<NirGraph.Edge> edges = new java.util.ArrayList<>(g.edges());
    NirNode n = nodes.get(names.get(rnd.nextInt(names.size())));
    Map<String, NirTensor> params = new LinkedHashMap<>(n.params());
    List<String> keys = new java.util.ArrayList<>(params.keySet());
    String key = keys.isEmpty() ? "weight" : keys.get(rnd.nextInt(keys.size()));
    String[] types = {"Input", "Output", "Conv2d", "Affine", "Linear", "AvgPool2d", "Flatten", "IF"};
    switch (rnd.nextInt(9)) {
      case 0 -> params.put(key, NirTensor.string("x"));
      case 1 -> params.put(key, NirTensor.f64(new double[] {Double.NaN}, 1));
      case 2 -> params.remove(key);
      case 3 -> params.put(key, NirTensor.scalar((long) rnd.nextInt() << 20));
      case 4 -> params.put(key, NirTensor.f64(new double[0], 0));
      case 5 -> params.put(key, NirTensor.f32(new float[] {-1f, 1e30f, 0f}, 3));
      case 6 -> edges.add(new NirGraph.Edge(names.get(rnd.nextInt(names.size())), names.get(rnd.nextInt(names.size()))));
      case 7 -> {
        if (!edges.isEmpty()) {
          edges.remove(rnd.nextInt(edges.size()));
        }
      }
      default -> {
        nodes.put(n.name(), new NirNode(n.name(), types[rnd.nextInt(types.length)], params, n.metadata()));
        return new NirGraph(g.version(), nodes, edges, g.metadata());
      }
    }
    nodes.put(n.name(), new NirNode(n.name(), n.type(), params, n.metadata()));
    return new NirGraph(g.version(), nodes, edges, g.metadata());
  }

  @Test
  void aMalformedGraphEndsInAnImportOrAOneLineRefusalNeverAnotherException() throws IOException {
    NirGraph resnet = NirExporter.export(NirRoundTripTest.converted(RandomGraphs.resnet(2), 2), "t");
    NirGraph vgg = NirFiles.read(GOLDEN);
    Random rnd = new Random(17);
    int refused = 0;
    int rounds = Integer.getInteger("deepsnn.fuzz.rounds", 150);
    for (int round = 0; round < rounds; round++) {
      NirGraph g = mutate(round % 2 == 0 ? vgg : resnet, rnd);
      if (rnd.nextBoolean()) {
        g = mutate(g, rnd);
      }
      try {
        NirImporter.fromGraph(g, "fuzz.nir", 1.0);
      } catch (NirException e) {
        assertTrue(e.getMessage().startsWith("fuzz.nir") || e.getMessage().contains("'"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        refused++;
      }
    }
    assertTrue(refused > rounds / 2, "most damage is refused: " + refused + " of " + rounds);
  }

  @Test
  void theGoldenExportStillLoadsAsTheSameNetwork() throws IOException {
    ConvertedNetwork c = NirRoundTripTest.converted(NirRoundTripTest.vgg(3), 3);
    if (Boolean.getBoolean("deepsnn.writeGolden")) {
      NirFiles.write(NirExporter.export(c, "0.1.0"), GOLDEN.toAbsolutePath());
    }
    NirNetwork n = NirImporter.read(GOLDEN, Double.NaN);
    ConvertedNetwork back = n.toConverted(n.normalization().orElseThrow(), "range", n.seed().orElseThrow(),
        List.of(), c.provenance());
    NirRoundTripTest.assertSameGraph(c.graph(), back.graph());
    assertArrayEquals(c.thresholds().values(), back.thresholds().values());
    NirRoundTripTest.assertSameSimulation(c, back);
    assertEquals(Fixed.toDouble(Fixed.of(c.thresholds().get(1)) - 1),
        NirFiles.read(GOLDEN).node("_features_features_1_Relu").param("v_threshold").doubles()[0]);
  }
}
