package io.deepsnn.network.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.deepsnn.network.data.Normalization;
import io.deepsnn.network.graph.Conv2d;
import io.deepsnn.network.graph.Dense;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.snn.SequentialSimulator;
import io.deepsnn.network.snn.SimulationResult;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.testing.RandomGraphs;
import io.deepsnn.protocol.snn.SnnFileProto.SnnEnvelope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .snn file: round trip, refusal of other versions and of damaged files, and a golden file. */
class ConvertedNetworkFileTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden/tiny-vgg-v1.snn");

  @TempDir
  Path dir;

  /** A small converted network, fully determined by this code (the golden file holds exactly it). */
  static ConvertedNetwork tiny() {
    Graph g = RandomGraphs.vgg(5);
    SpikingNetwork net = SpikingNetwork.compile(g);
    List<LayerThreshold> layers = new ArrayList<>();
    for (int l = 1; l < net.size(); l++) {
      layers.add(new LayerThreshold(l, net.layer(l).name(), 1.0 + l, 0.5 * l, 0.25 + 0.125 * l, false,
          l == 1 ? "first" : ""));
    }
    ConversionInfo info = new ConversionInfo("spike-norm", 0, 16, 100, "unity", "range", 2.0227, "poisson", "zero",
        42, 7, true, 1.5);
    Provenance prov = new Provenance("DeepSNN", "0.1.0", "2026-11-27T00:00:00Z", "tiny.onnx", "ab".repeat(32),
        "snn convert --model tiny.onnx", "first 16 images");
    return new ConvertedNetwork(g, layers, info, new Normalization(new double[] {0.286}, new double[] {0.353}),
        List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), prov);
  }

  static void assertSame(ConvertedNetwork want, ConvertedNetwork got) {
    assertEquals(want.graph().size(), got.graph().size());
    for (int i = 0; i < want.graph().size(); i++) {
      var a = want.graph().node(i);
      var b = got.graph().node(i);
      assertEquals(a.name(), b.name());
      assertEquals(a.op().toString(), b.op().toString());
      if (a.op() instanceof Conv2d ca) {
        assertArrayEquals(ca.weights(), ((Conv2d) b.op()).weights());
      }
      if (a.op() instanceof Dense da) {
        assertArrayEquals(da.weights(), ((Dense) b.op()).weights());
      }
    }
    assertEquals(want.layers(), got.layers());
    assertEquals(want.conversion(), got.conversion());
    assertEquals(want.normalization(), got.normalization());
    assertEquals(want.classNames(), got.classNames());
    assertEquals(want.provenance(), got.provenance());
  }

  static SimulationResult simulate(ConvertedNetwork c) {
    Random rnd = new Random(3);
    List<SnnInput> in = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      double[] x = new double[c.graph().inputShape().size()];
      Arrays.setAll(x, k -> rnd.nextGaussian());
      in.add(new SnnInput(i, i, x));
    }
    return new SequentialSimulator(c.network(), c.thresholds(), c.simulationOptions()).run(in, new int[] {25});
  }

  @Test
  void roundTripKeepsEverythingAndTheSimulation() throws IOException {
    Path f = dir.resolve("net.snn");
    ConvertedNetwork original = tiny();
    ConvertedNetworkFile.write(original, f);
    ConvertedNetwork back = ConvertedNetworkFile.read(f);
    assertSame(original, back);
    assertArrayEquals(simulate(original).spikeTrainHash(), simulate(back).spikeTrainHash());
  }

  @Test
  void goldenFileOfVersionOneStillLoads() throws IOException {
    if (Boolean.getBoolean("deepsnn.writeGolden")) {
      ConvertedNetworkFile.write(tiny(), GOLDEN.toAbsolutePath());
    }
    assertSame(tiny(), ConvertedNetworkFile.read(GOLDEN));
  }

  @Test
  void theInitialPotentialIsRecordedAndAFileWithoutItHasThePapersZero() throws IOException {
    ConvertedNetwork t = tiny();
    ConversionInfo c = t.conversion();
    ConversionInfo shifted = new ConversionInfo(c.method(), c.percentile(), c.calibrationImages(),
        c.calibrationSteps(), c.residualPolicy(), c.inputScaleRule(), c.inputScale(), c.inputMode(), "subtract",
        c.seed(), c.calibrationSeed(), c.calibrationRandom(), c.seconds(), 0.5);
    Path f = dir.resolve("shifted.snn");
    ConvertedNetworkFile.write(new ConvertedNetwork(t.graph(), t.layers(), shifted, t.normalization(), t.classNames(),
        t.provenance()), f);
    ConvertedNetwork back = ConvertedNetworkFile.read(f);
    assertEquals(0.5, back.conversion().vInit());
    assertEquals(0.5, back.simulationOptions().vInit());
    assertEquals(0.0, ConvertedNetworkFile.read(GOLDEN).simulationOptions().vInit(), "written before v-init existed");
  }

  @Test
  void biasCalibrationIsRecordedWithEachLayersCorrectionAndReachesTheSimulation() throws IOException {
    ConvertedNetwork t = tiny();
    ConversionInfo c = t.conversion();
    ConversionInfo calibrated = new ConversionInfo(c.method(), c.percentile(), c.calibrationImages(),
        c.calibrationSteps(), c.residualPolicy(), c.inputScaleRule(), c.inputScale(), c.inputMode(), c.reset(),
        c.seed(), c.calibrationSeed(), c.calibrationRandom(), c.seconds(), 0, "bias", 32);
    List<LayerThreshold> layers = new ArrayList<>(t.layers());
    int channels = t.network().layer(1).shape().channels();
    double[] correction = new double[channels];
    Arrays.setAll(correction, k -> 0.05 * (k + 1));
    layers.set(0, layers.get(0).withBiasCorrection(correction));
    ConvertedNetwork withCorrection = new ConvertedNetwork(t.graph(), layers, calibrated, t.normalization(),
        t.classNames(), t.provenance());
    Path f = dir.resolve("calibrated.snn");
    ConvertedNetworkFile.write(withCorrection, f);
    ConvertedNetwork back = ConvertedNetworkFile.read(f);
    assertSame(withCorrection, back);
    assertEquals("bias", back.conversion().calibration());
    assertEquals(32, back.conversion().calibrationTargetSteps());
    assertArrayEquals(correction, back.thresholds().correction(1));
    assertArrayEquals(simulate(withCorrection).spikeTrainHash(), simulate(back).spikeTrainHash());
    assertFalse(Arrays.equals(simulate(t).spikeTrainHash(), simulate(back).spikeTrainHash()),
        "the correction changes the spikes");
    ConvertedNetwork golden = ConvertedNetworkFile.read(GOLDEN);
    assertEquals("none", golden.conversion().calibration(), "written before bias calibration existed");
    assertEquals(null, golden.thresholds().correction(1));
  }

  @Test
  void anotherVersionIsRefused() throws IOException {
    Path f = dir.resolve("v2.snn");
    ConvertedNetworkFile.write(tiny(), f);
    SnnEnvelope env = SnnEnvelope.parseFrom(Files.readAllBytes(f));
    Files.write(f, env.toBuilder().setFormatVersion(2).build().toByteArray());
    SnnFileException e = assertThrows(SnnFileException.class, () -> ConvertedNetworkFile.read(f));
    assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("format version 2"), e.getMessage());
  }

  @Test
  void aCorruptedFileIsRefused() throws IOException {
    Path f = dir.resolve("bad.snn");
    ConvertedNetworkFile.write(tiny(), f);
    SnnEnvelope env = SnnEnvelope.parseFrom(Files.readAllBytes(f));
    byte[] payload = env.getPayload().toByteArray();
    payload[payload.length / 2] ^= 0x10;
    Files.write(f, env.toBuilder().setPayload(ByteString.copyFrom(payload)).build().toByteArray());
    SnnFileException e = assertThrows(SnnFileException.class, () -> ConvertedNetworkFile.read(f));
    assertTrue(e.getMessage().contains("corrupted"), e.getMessage());
  }

  @Test
  void truncatedAndForeignFilesAreRefused() throws IOException {
    Path f = dir.resolve("cut.snn");
    ConvertedNetworkFile.write(tiny(), f);
    byte[] bytes = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(bytes, bytes.length - 100));
    SnnFileException cut = assertThrows(SnnFileException.class, () -> ConvertedNetworkFile.read(f));
    assertTrue(cut.getMessage().contains(f.toString()), cut.getMessage());
    Path text = dir.resolve("text.snn");
    Files.writeString(text, "hello");
    SnnFileException foreign = assertThrows(SnnFileException.class, () -> ConvertedNetworkFile.read(text));
    assertTrue(foreign.getMessage().contains("not a DeepSNN converted network"), foreign.getMessage());
  }
}
