package io.deepsnn.network.nir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.network.convert.ConversionInfo;
import io.deepsnn.network.convert.ConvertedNetwork;
import io.deepsnn.network.convert.LayerThreshold;
import io.deepsnn.network.convert.Provenance;
import io.deepsnn.network.data.Normalization;
import io.deepsnn.network.graph.AvgPool;
import io.deepsnn.network.graph.Conv2d;
import io.deepsnn.network.graph.Dense;
import io.deepsnn.network.graph.Flatten;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.graph.GraphBuilder;
import io.deepsnn.network.graph.Node;
import io.deepsnn.network.graph.Padding;
import io.deepsnn.network.graph.Relu;
import io.deepsnn.network.graph.Shape;
import io.deepsnn.network.graph.ZeroPadShortcut;
import io.deepsnn.network.snn.SequentialSimulator;
import io.deepsnn.network.snn.SimulationResult;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.testing.RandomGraphs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX-shaped graph → converted network → NIR file → import → the same spikes and predictions as
 * simulating the converted network directly: a VGG with biases, pools and a bias-calibration
 * correction, and ResNets with identity, type-A and type-B shortcuts.
 */
class NirRoundTripTest {
  @TempDir
  Path dir;

  /** A small VGG: conv, pool, conv with a clipped ReLU, fully connected layers, biases everywhere. */
  static Graph vgg(long seed) {
    Random rnd = new Random(seed);
    GraphBuilder b = new GraphBuilder("input", Shape.of(2, 10, 10));
    int x = b.add("/features/features.0/Conv", RandomGraphs.conv(rnd, 6, 2, 3, 1, Padding.uniform(1)), 0);
    x = b.add("/features/features.1/Relu", new Relu(), x);
    x = b.add("pool1", new AvgPool(2, 2, 2, 2, Padding.NONE, false), x);
    x = b.add("conv2", RandomGraphs.conv(rnd, 8, 6, 3, 2, Padding.uniform(1)), x);
    x = b.add("relu2", new Relu(2.5f), x);
    x = b.add("flatten", new Flatten(), x);
    x = b.add("fc1", RandomGraphs.dense(rnd, 12, b.shape(x).channels()), x);
    x = b.add("relu3", new Relu(), x);
    x = b.add("fc2", RandomGraphs.dense(rnd, 10, 12), x);
    return RandomGraphs.biased(b.build(x), seed);
  }

  static ConvertedNetwork converted(Graph g, long seed) {
    SpikingNetwork net = SpikingNetwork.compile(g);
    Random rnd = new Random(seed);
    List<LayerThreshold> layers = new ArrayList<>();
    for (int l = 1; l < net.size(); l++) {
      boolean unity = net.layer(l).residual();
      double theta = unity ? 1.0 : 0.3 + rnd.nextDouble();
      layers.add(new LayerThreshold(l, net.layer(l).name(), 1.0, 1.0, theta, unity, ""));
    }
    ConversionInfo info = new ConversionInfo("data-max", 0, 8, 0, "unity", "range", 2.0227, "poisson", "zero",
        42 + seed, 0, false, 0.5);
    Provenance prov = new Provenance("DeepSNN", "0.1.0", "2026-12-06T00:00:00Z", "net.onnx", "00".repeat(32),
        "snn convert", "first 8 images");
    return new ConvertedNetwork(g, layers, info, new Normalization(new double[] {0.4, 0.5}, new double[] {0.3, 0.25}),
        List.of(), prov);
  }

  static SimulationResult simulate(ConvertedNetwork c) {
    List<SnnInput> in = RandomGraphs.images(c.graph(), 11, 4, 0);
    return new SequentialSimulator(c.network(), c.thresholds(), c.simulationOptions()).run(in, new int[] {10, 40});
  }

  /** Export, write, read, import: the converted network the file gives back. */
  ConvertedNetwork roundTrip(ConvertedNetwork c) throws IOException {
    Path f = dir.resolve("net.nir");
    NirFiles.write(NirExporter.export(c, "test"), f);
    NirNetwork back = NirImporter.read(f, Double.NaN);
    assertTrue(back.fromDeepSnn());
    return back.toConverted(back.normalization().orElseThrow(), c.conversion().inputScaleRule(),
        back.seed().orElseThrow(), c.classNames(), c.provenance());
  }

  static void assertSameSimulation(ConvertedNetwork want, ConvertedNetwork got) {
    SimulationResult a = simulate(want);
    SimulationResult b = simulate(got);
    assertTrue(Arrays.stream(a.spikes()[1]).sum() > 0, "the network fires");
    assertArrayEquals(a.spikeTrainHash(), b.spikeTrainHash(), "every spike of every layer");
    for (int c = 0; c < a.checkpoints().length; c++) {
      assertArrayEquals(a.spikes()[c], b.spikes()[c]);
      assertArrayEquals(a.synapses()[c], b.synapses()[c], "ACs per layer");
      assertArrayEquals(a.shortcutSynapses()[c], b.shortcutSynapses()[c], "shortcut ACs per layer");
    }
    for (int i = 0; i < a.images(); i++) {
      assertArrayEquals(a.predictions()[i], b.predictions()[i]);
    }
  }

  static void assertSameGraph(Graph want, Graph got) {
    SpikingNetwork a = SpikingNetwork.compile(want);
    SpikingNetwork b = SpikingNetwork.compile(got);
    assertEquals(a.size(), b.size());
    for (int l = 0; l < a.size(); l++) {
      assertEquals(a.layer(l).name(), b.layer(l).name());
      assertEquals(a.layer(l).shape(), b.layer(l).shape());
      assertEquals(a.layer(l).projections().size(), b.layer(l).projections().size());
    }
    List<Node> syn = want.nodes().stream().filter(n -> n.op().isSynaptic()).toList();
    for (Node n : syn) {
      Node m = got.nodes().stream().filter(x -> x.name().equals(n.name())).findFirst().orElseThrow();
      if (n.op() instanceof Conv2d c) {
        Conv2d d = (Conv2d) m.op();
        assertArrayEquals(c.weights(), d.weights(), n.name());
        assertArrayEquals(c.bias(), d.bias(), n.name());
        assertEquals(c.padding(), d.padding());
      } else {
        assertArrayEquals(((Dense) n.op()).weights(), ((Dense) m.op()).weights(), n.name());
        assertArrayEquals(((Dense) n.op()).bias(), ((Dense) m.op()).bias(), n.name());
      }
    }
  }

  @Test
  void aVggWithBiasesAndAClipLevelComesBackWithTheSameSpikes() throws IOException {
    ConvertedNetwork c = converted(vgg(3), 3);
    ConvertedNetwork back = roundTrip(c);
    assertSameGraph(c.graph(), back.graph());
    assertArrayEquals(c.thresholds().values(), back.thresholds().values());
    assertEquals(c.conversion().inputScale(), back.conversion().inputScale());
    assertEquals(c.conversion().seed(), back.conversion().seed());
    assertEquals(c.normalization(), back.normalization());
    assertEquals(2.5f, back.graph().nodes().stream().filter(n -> n.name().equals("relu2")).findFirst().orElseThrow()
        .op() instanceof Relu r ? r.clipLevel() : 0f);
    assertSameSimulation(c, back);
  }

  @Test
  void aBiasCalibrationCorrectionTravelsInTheBiasAndComesBackExactly() throws IOException {
    ConvertedNetwork c = converted(vgg(4), 4);
    List<LayerThreshold> layers = new ArrayList<>(c.layers());
    double[] corr = new double[6];
    Arrays.setAll(corr, k -> 0.01 * (k - 2));
    layers.set(0, layers.get(0).withBiasCorrection(corr));
    ConversionInfo i = c.conversion();
    ConversionInfo calibrated = new ConversionInfo(i.method(), i.percentile(), i.calibrationImages(),
        i.calibrationSteps(), i.residualPolicy(), i.inputScaleRule(), i.inputScale(), i.inputMode(), i.reset(),
        i.seed(), i.calibrationSeed(), i.calibrationRandom(), i.seconds(), 0, "bias", 16);
    ConvertedNetwork withCorr = new ConvertedNetwork(c.graph(), layers, calibrated, c.normalization(),
        c.classNames(), c.provenance());
    NirGraph g = NirExporter.export(withCorr, "test");
    double[] bias = g.node("_features_features_0_Conv").param("bias").doubles();
    float[] annBias = ((Conv2d) c.graph().node(1).op()).bias();
    assertEquals(corr[0] + annBias[0] / 2.0227, bias[0], 1e-12, "the NIR bias is the current the layer gets");
    ConvertedNetwork back = roundTrip(withCorr);
    assertArrayEquals(corr, back.thresholds().correction(1));
    assertSameGraph(c.graph(), back.graph());
    assertSameSimulation(withCorr, back);
  }

  @Test
  void resNetsWithIdentityTypeAAndTypeBShortcutsComeBackWithTheSameSpikes() throws IOException {
    boolean sawA = false;
    boolean sawB = false;
    for (long seed = 1; seed <= 12; seed++) {
      Graph g = RandomGraphs.resnet(seed);
      if (seed % 2 == 0) {
        g = RandomGraphs.biased(g, seed);
      }
      sawA |= g.nodes().stream().anyMatch(n -> n.op() instanceof ZeroPadShortcut);
      sawB |= g.nodes().stream().anyMatch(n -> n.name().endsWith("_shortcutB"));
      ConvertedNetwork c = converted(g, seed);
      ConvertedNetwork back = roundTrip(c);
      assertSameGraph(c.graph(), back.graph());
      assertEquals(g.nodes().stream().filter(n -> n.op() instanceof ZeroPadShortcut).count(),
          back.graph().nodes().stream().filter(n -> n.op() instanceof ZeroPadShortcut).count(),
          "a type-A shortcut comes back as one, not as a conv");
      assertArrayEquals(c.thresholds().values(), back.thresholds().values());
      for (int l = 1; l < c.network().size(); l++) {
        assertEquals(c.layers().get(l - 1).unity(), back.layers().get(l - 1).unity());
      }
      assertSameSimulation(c, back);
    }
    assertTrue(sawA && sawB, "the seeds cover both shortcut types");
  }

  @Test
  void theJunctionIsAnIfNodeWithTwoIncomingEdgesAndTypeAIsAFixedConv() {
    Graph g = null;
    for (long seed = 1; g == null; seed++) {
      Graph r = RandomGraphs.resnet(seed);
      if (r.nodes().stream().anyMatch(n -> n.op() instanceof ZeroPadShortcut z && z.padBefore() > 0)) {
        g = r;
      }
    }
    NirGraph nir = NirExporter.export(converted(g, 1), "test");
    Node a = g.nodes().stream().filter(n -> n.op() instanceof ZeroPadShortcut).findFirst().orElseThrow();
    ZeroPadShortcut z = (ZeroPadShortcut) a.op();
    NirNode conv = nir.node(a.name());
    assertEquals("Conv2d", conv.type());
    int co = a.shape().channels();
    int ci = co - z.padBefore() - z.padAfter();
    float[] w = conv.param("weight").floats();
    for (int o = 0; o < co; o++) {
      for (int i = 0; i < ci; i++) {
        assertEquals(o == i + z.padBefore() ? 1f : 0f, w[o * ci + i], "o=" + o + " i=" + i);
      }
    }
    assertArrayEquals(new long[] {2, 2}, conv.param("stride").longs());
    String junction = nir.outputsOf(a.name()).get(0);
    assertEquals("IF", nir.node(junction).type());
    assertEquals(2, nir.inputsOf(junction).size(), "NIR sums the two paths into the junction");
  }
}
