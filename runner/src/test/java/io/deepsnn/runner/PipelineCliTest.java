package io.deepsnn.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepsnn.network.ann.AnnInference;
import io.deepsnn.network.convert.ConvertedNetwork;
import io.deepsnn.network.convert.ConvertedNetworkFile;
import io.deepsnn.network.data.DatasetOptions;
import io.deepsnn.network.data.Datasets;
import io.deepsnn.network.data.ImageDataset;
import io.deepsnn.network.data.Normalization;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.onnx.OnnxImporter;
import io.deepsnn.network.snn.SequentialSimulator;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.testing.OrtRunner;
import io.deepsnn.runner.pipeline.ParallelSimulation;
import io.deepsnn.runner.pipeline.Pipeline;
import io.deepsnn.runner.pipeline.RunCache;
import io.deepsnn.runner.pipeline.SimulateSettings;
import io.deepsnn.runner.report.JsonFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** convert → simulate → reports, and `run` with a HOCON file, on a small CIFAR-shaped model and data. */
class PipelineCliTest {
  @TempDir
  Path dir;
  Path model;
  Path data;

  @BeforeEach
  void fixtures() throws IOException {
    model = dir.resolve("vgg-tiny32.onnx");
    try (InputStream in = getClass().getResourceAsStream("/models/vgg-tiny32.onnx")) {
      Files.copy(in, model);
    }
    // 40 random CIFAR-10 binary records (label byte + 3,072 pixel bytes).
    byte[] records = new byte[40 * 3073];
    Random rnd = new Random(1);
    rnd.nextBytes(records);
    for (int i = 0; i < 40; i++) {
      records[i * 3073] = (byte) (i % 10);
    }
    data = dir.resolve("test_batch.bin");
    Files.write(data, records);
  }

  private static final String[] NORM = {"--mean", "0.4914,0.4822,0.4465", "--std", "0.2470,0.2435,0.2616"};

  private Path convert(String method, String... extra) {
    Path snn = dir.resolve(method + ".snn");
    String[] base = {"convert", "--model", model.toString(), "--data", data.toString(), "--method", method,
        "--cal-images", "8", "--cal-steps", "30", "-o", snn.toString(), NORM[0], NORM[1], NORM[2], NORM[3]};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    CliTest.Run r = CliTest.run(args);
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("wrote " + snn), r.out());
    return snn;
  }

  @Test
  void convertWritesANetworkThatRecordsItsSettings() {
    Path snn = convert("spike-norm", "--reset", "subtract", "--input-scale", "max", "--seed", "5");
    ConvertedNetwork c = ConvertedNetworkFile.read(snn);
    assertEquals("spike-norm", c.conversion().method());
    assertEquals("subtract", c.conversion().reset());
    assertEquals("max", c.conversion().inputScaleRule());
    assertEquals(5, c.conversion().seed());
    assertEquals(8, c.conversion().calibrationImages());
    assertEquals(30, c.conversion().calibrationSteps());
    assertEquals(c.network().size() - 1, c.layers().size());
    assertTrue(c.layers().stream().allMatch(l -> l.threshold() > 0));
    assertEquals(0.4914, c.normalization().mean()[0], 0.0);
    assertTrue(c.provenance().sourceModelSha256().matches("[0-9a-f]{64}"));
  }

  @Test
  void anInitialPotentialIsCalibratedWithRecordedAndSimulated() throws IOException {
    ConvertedNetwork plain = ConvertedNetworkFile.read(convert("spike-norm", "--reset", "subtract"));
    assertEquals(0.0, plain.conversion().vInit());
    Path shifted = convert("spike-norm", "--reset", "subtract", "--v-init", "0.5");
    ConvertedNetwork c = ConvertedNetworkFile.read(shifted);
    assertEquals(0.5, c.conversion().vInit());
    assertTrue(!c.thresholds().toString().equals(plain.thresholds().toString()),
        "Spike-Norm calibrates with the initial potential: other spikes upstream, other maxima");
    CliTest.Run r = CliTest.run("simulate", shifted.toString(), "--data", data.toString(), "--images", "6",
        "--timesteps", "5,20", "--no-ann", "--json", dir.resolve("v.json").toString());
    assertEquals(0, r.status(), r.err());
    assertEquals(0.5, JsonFiles.mapper().readTree(dir.resolve("v.json").toFile()).get("settings").get("vInit")
        .asDouble(), "the report says what ran");
    CliTest.Run bad = CliTest.run("convert", "--v-init", "1", "-o", dir.resolve("x.snn").toString());
    assertTrue(bad.status() != 0 && bad.err().contains("--v-init must be in [0, 1)"), bad.err());
  }

  @Test
  void biasCalibrationIsRecordedPerLayerAndItsStepsAloneAreRefused() {
    ConvertedNetwork c = ConvertedNetworkFile.read(convert("data-max", "--reset", "subtract", "--calibrate", "bias",
        "--calibrate-steps", "12"));
    assertEquals("bias", c.conversion().calibration());
    assertEquals(12, c.conversion().calibrationTargetSteps());
    long calibrated = c.layers().stream().filter(l -> l.biasCorrection() != null).count();
    assertEquals(c.network().size() - 2, calibrated, "every layer with a ReLU, not the output");
    assertEquals(null, c.layers().get(c.layers().size() - 1).biasCorrection());
    ConvertedNetwork plain = ConvertedNetworkFile.read(convert("data-max", "--reset", "subtract"));
    assertEquals("none", plain.conversion().calibration());
    assertEquals(plain.thresholds().toString(), c.thresholds().toString(), "calibration keeps the thresholds");
    CliTest.Run bad = CliTest.run("convert", "--calibrate-steps", "12", "-o", dir.resolve("x.snn").toString());
    assertTrue(bad.status() != 0 && bad.err().contains("--calibrate-steps needs --calibrate bias"), bad.err());
  }

  @Test
  void batchNormAndBiasNetworksInBothTorchFormsAndWithMaxPoolingConvertAndSimulate() throws IOException {
    for (String form : new String[] {"folded", "preserved", "maxpool"}) {
      Path onnx = dir.resolve("bn-tiny-" + form + ".onnx");
      try (InputStream in = getClass().getResourceAsStream("/models/bn-tiny-" + form + ".onnx")) {
        Files.copy(in, onnx);
      }
      CliTest.Run info = CliTest.run("info", onnx.toString());
      assertEquals(0, info.status(), info.err());
      assertTrue(info.out().contains("4 layer(s) carry a bias"), info.out());
      Path snn = dir.resolve(form + ".snn");
      for (String method : new String[] {"data-max", "spike-norm"}) {
        CliTest.Run c = CliTest.run("convert", "--model", onnx.toString(), "--data", data.toString(), "--method",
            method, "--cal-images", "8", "--cal-steps", "30", "-o", snn.toString(), NORM[0], NORM[1], NORM[2],
            NORM[3]);
        assertEquals(0, c.status(), form + ", " + method + ": " + c.err());
        CliTest.Run s = CliTest.run("simulate", snn.toString(), "--data", data.toString(), "--images", "8",
            "--timesteps", "10,40");
        assertEquals(0, s.status(), form + ", " + method + ": " + s.err());
        assertTrue(s.out().contains("AC/MAC"), s.out());
      }
      CliTest.Run strict = CliTest.run("convert", "--model", onnx.toString(), "--data", data.toString(), "--bias",
          "refuse", "-o", dir.resolve("x.snn").toString(), NORM[0], NORM[1], NORM[2], NORM[3]);
      assertTrue(strict.status() != 0 && strict.err().contains("--bias refuse"), strict.err());
      if (form.equals("maxpool")) {
        assertTrue(CliTest.run("info", onnx.toString()).out().contains("maxpool"));
        CliTest.Run noGate = CliTest.run("convert", "--model", onnx.toString(), "--data", data.toString(),
            "--maxpool", "refuse", "-o", dir.resolve("x.snn").toString(), NORM[0], NORM[1], NORM[2], NORM[3]);
        assertTrue(noGate.status() != 0 && noGate.err().contains("--maxpool gate"), noGate.err());
      }
    }
  }

  @Test
  void evalAnnOnTheBatchNormAndMaxPoolFixturesEqualsOnnxRuntimeImageByImage() throws Exception {
    byte[] records = Files.readAllBytes(data);
    Normalization norm = Normalization.parse(NORM[1], NORM[3]);
    for (String form : new String[] {"folded", "preserved", "maxpool"}) {
      Path onnx = dir.resolve("bn-tiny-" + form + ".onnx");
      try (InputStream in = getClass().getResourceAsStream("/models/bn-tiny-" + form + ".onnx")) {
        Files.copy(in, onnx, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      Graph g = OnnxImporter.read(onnx).graph();
      int correct = 0;
      try (OrtRunner ort = new OrtRunner(Files.readAllBytes(onnx))) {
        for (int i = 0; i < 40; i++) {
          byte[] pixels = Arrays.copyOfRange(records, i * 3073 + 1, (i + 1) * 3073);
          float[] x = new float[3072];
          norm.toFloat(pixels, 3, x, 0);
          int expected = argmax(ort.run(x, g.inputShape(), 4));
          assertEquals(expected, argmax(new AnnInference(g).forward(x)), form + ", image " + i);
          correct += expected == (records[i * 3073] & 0xff) ? 1 : 0;
        }
      }
      Path json = dir.resolve(form + "-ann.json");
      CliTest.Run r = CliTest.run("eval-ann", "--model", onnx.toString(), "--data", data.toString(), NORM[0], NORM[1],
          NORM[2], NORM[3], "--json", json.toString());
      assertEquals(0, r.status(), r.err());
      assertEquals(correct, JsonFiles.mapper().readTree(json.toFile()).get("top1_correct").asInt(), form);
    }
  }

  private static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      best = v[i] > v[best] ? i : best;
    }
    return best;
  }

  @Test
  void simulateWritesJsonCsvAndPlots() throws IOException {
    Path snn = convert("data-max");
    Path out = dir.resolve("report");
    CliTest.Run r = CliTest.run("simulate", snn.toString(), "--data", data.toString(), "--images", "12",
        "--timesteps", "5,20", "--threads", "2", "--out", out.toString(), "--json", dir.resolve("r.json").toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("AC/MAC"), r.out());
    JsonNode root = JsonFiles.mapper().readTree(out.resolve("report.json").toFile());
    assertEquals(12, root.get("images").asInt());
    assertEquals(2, root.get("accuracy").size());
    assertEquals(20, root.get("accuracy").get(1).get("timesteps").asInt());
    String md = Files.readString(out.resolve("report.md"));
    assertTrue(md.startsWith("# " + snn.getFileName() + "\n") && md.contains(String.format(java.util.Locale.ROOT,
        "| %,d | %.2f |", root.get("totals").get("macsPerImage").asLong(), root.get("totals").get("acPerMac")
            .asDouble())), md);
    long layerAcs = 0;
    for (JsonNode l : root.get("layers")) {
      layerAcs += l.get("acs").asLong();
    }
    assertEquals(root.get("totals").get("acs").asLong(), layerAcs);
    assertTrue(layerAcs > 0);
    String csv = Files.readString(out.resolve("accuracy.csv"));
    assertEquals(3, csv.strip().lines().count(), csv);
    for (String png : new String[] {"accuracy.png", "spikes_per_neuron.png"}) {
      BufferedImage img = ImageIO.read(out.resolve(png).toFile());
      assertTrue(img.getWidth() >= 800 && img.getHeight() >= 500, png);
    }
    // The same run with one thread gives the same counts.
    Path out1 = dir.resolve("report1");
    assertEquals(0, CliTest.run("simulate", snn.toString(), "--data", data.toString(), "--images", "12",
        "--timesteps", "5,20", "--threads", "1", "--no-ann", "--out", out1.toString()).status());
    JsonNode one = JsonFiles.mapper().readTree(out1.resolve("report.json").toFile());
    assertEquals(root.get("totals").get("spikes"), one.get("totals").get("spikes"));
    assertEquals(ResultsOnly.accuracy(root.get("accuracy")), ResultsOnly.accuracy(one.get("accuracy")));
  }

  @Test
  void runExecutesAHoconExperiment() throws IOException {
    Path conf = dir.resolve("exp.conf");
    Files.writeString(conf, """
        deepsnn.experiment {
          name = "tiny"
          model = "%s"
          mean = [0.4914, 0.4822, 0.4465]
          std = [0.2470, 0.2435, 0.2616]
          data { path = "%s", split = "test", images = 10 }
          calibration { split = "test", images = 4, steps = 20 }
          conversions = [ { method = "data-max" }, { method = "data-percentile", percentile = 99 } ]
          resets = ["zero", "subtract"]
          simulate { timesteps = [5, 15] }
          out = "%s"
        }
        """.formatted(model, data, dir.resolve("exp")));
    CliTest.Run r = CliTest.run("run", conf.toString());
    assertEquals(0, r.status(), r.err());
    JsonNode root = JsonFiles.mapper().readTree(dir.resolve("exp/report.json").toFile());
    assertEquals(4, root.get("runs").size());
    assertEquals("p99 / subtract", root.get("runs").get(3).get("label").asText());
    assertTrue(Files.exists(dir.resolve("exp/p99-subtract.snn")));
    assertTrue(Files.exists(dir.resolve("exp/accuracy.png")));
    String md = Files.readString(dir.resolve("exp/report.md"));
    assertTrue(md.startsWith("# tiny\n") && md.contains("| run | T=5 | T=15 |"), md);
    String p99 = root.get("runs").get(3).get("accuracy").get(1).get("accuracy").asText();
    assertTrue(md.contains(String.format(java.util.Locale.ROOT, "| p99 / subtract | %.2f %% | %.2f %% |",
        100 * root.get("runs").get(3).get("accuracy").get(0).get("accuracy").asDouble(),
        100 * Double.parseDouble(p99))), md);
    assertTrue(md.contains("| p99 / subtract | p99 | subtract | range"), md);

    // Run again: every finished run is reused, and the report is the same.
    CliTest.Run again = CliTest.run("run", conf.toString());
    assertEquals(0, again.status(), again.err());
    assertEquals(4, again.out().split("reusing the finished run", -1).length - 1, again.out());
    JsonNode second = JsonFiles.mapper().readTree(dir.resolve("exp/report.json").toFile());
    assertEquals(root.get("runs"), second.get("runs"));

    // A run stopped half-way resumes: leave what a stop after 3 images leaves (the run's converted
    // network and a snapshot of those images) and drop its finished result.
    Path runs = dir.resolve("exp/runs");
    String key;
    try (var files = Files.list(runs)) {
      key = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("p99-subtract-"))
          .findFirst().orElseThrow().replace(".json", "");
    }
    RunCache cache = new RunCache(runs);
    Files.copy(dir.resolve("exp/p99-subtract.snn"), cache.conversion(key));
    ConvertedNetwork c = ConvertedNetworkFile.read(cache.conversion(key));
    SimulateSettings ss = new SimulateSettings(new int[] {5, 15}, SimulationOptions.Reset.SUBTRACT, null,
        SimulationOptions.Readout.SPIKES, SimulationOptions.KernelMode.EVENT, 1, 8, 0.9, 4.6, null);
    ImageDataset first3 = Datasets.limit(Datasets.open(data, DatasetOptions.defaults().withSplit("test")), 3);
    cache.snapshot(key).save(ParallelSimulation.run(new SequentialSimulator(c.network(), c.thresholds(),
        Pipeline.options(c, ss)), first3, c.normalization(), new int[] {5, 15}, 1, 8, n -> { }), 0.1);
    Files.delete(runs.resolve(key + ".json"));
    CliTest.Run resumed = CliTest.run("run", conf.toString());
    assertEquals(0, resumed.status(), resumed.err());
    assertTrue(resumed.out().contains("resuming p99 / subtract with its converted network")
        && resumed.out().contains("at image 3 of 10"), resumed.out());
    JsonNode fourth = JsonFiles.mapper().readTree(dir.resolve("exp/report.json").toFile());
    for (String field : new String[] {"layers", "totals", "settings"}) {
      assertEquals(root.get("runs").get(3).get(field), fourth.get("runs").get(3).get(field), field);
    }
    assertEquals(ResultsOnly.accuracy(root.get("runs").get(3).get("accuracy")),
        ResultsOnly.accuracy(fourth.get("runs").get(3).get("accuracy")), "accuracy");
    assertFalse(Files.exists(cache.snapshot(key).file()) || Files.exists(cache.conversion(key)));

    // A changed setting (timesteps) is a new run, not the old result.
    Files.writeString(conf, Files.readString(conf).replace("[5, 15]", "[5, 16]"));
    CliTest.Run changed = CliTest.run("run", conf.toString());
    assertEquals(0, changed.status(), changed.err());
    assertFalse(changed.out().contains("reusing"), changed.out());
    JsonNode third = JsonFiles.mapper().readTree(dir.resolve("exp/report.json").toFile());
    assertEquals(16, third.get("runs").get(0).get("accuracy").get(1).get("timesteps").asInt());
  }

  @Test
  void badConfigAndBadSnnFilesAreOneLine() throws IOException {
    Path conf = dir.resolve("bad.conf");
    Files.writeString(conf, "deepsnn.experiment { conversions = [ { method = \"magic\" } ] }");
    CliTest.Run r = CliTest.run("run", conf.toString());
    assertTrue(r.status() != 0 && r.err().contains("magic"), r.err());
    Path junk = dir.resolve("junk.snn");
    Files.writeString(junk, "junk");
    CliTest.Run s = CliTest.run("simulate", junk.toString(), "--data", data.toString());
    assertEquals(1, s.status());
    assertTrue(s.err().contains(junk.toString()) && s.err().strip().lines().count() == 1, s.err());
  }
}
