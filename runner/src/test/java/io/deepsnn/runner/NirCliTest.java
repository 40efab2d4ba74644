package io.deepsnn.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepsnn.network.convert.ConvertedNetwork;
import io.deepsnn.network.convert.ConvertedNetworkFile;
import io.deepsnn.runner.report.JsonFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NIR on the command line, as a user takes a network out and back in: convert, export-nir,
 * convert --model X.nir, simulate; and the refusals, one line each, before any work is done.
 */
class NirCliTest {
  @TempDir
  Path dir;

  static CliTest.Run run(String... args) {
    return CliTest.run(args);
  }

  private Path converted(String name, String... extra) {
    Path snn = dir.resolve(name);
    String[] args = new String[] {"convert", "--method", "data-max", "--cal-images", "20", "-o", snn.toString()};
    String[] all = new String[args.length + extra.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(extra, 0, all, args.length, extra.length);
    CliTest.Run r = run(all);
    assertEquals(0, r.status(), r.err());
    return snn;
  }

  private JsonNode simulate(Path snn) throws IOException {
    Path json = dir.resolve(snn.getFileName() + ".json");
    CliTest.Run r = run("simulate", snn.toString(), "--images", "12", "--timesteps", "10,40", "--no-ann",
        "--threads", "2", "--json", json.toString());
    assertEquals(0, r.status(), r.err());
    return JsonFiles.mapper().readTree(json.toFile());
  }

  @Test
  void theBundledNetworkGoesOutToNirAndComesBackWithTheSameSpikes() throws IOException {
    Path snn = converted("vgg.snn");
    Path nir = dir.resolve("vgg.nir");
    CliTest.Run export = run("export-nir", snn.toString(), "-o", nir.toString());
    assertEquals(0, export.status(), export.err());
    assertTrue(export.out().contains("5 IF") && export.out().contains("3 Conv2d"), export.out());
    CliTest.Run info = run("info", nir.toString());
    assertEquals(0, info.status(), info.err());
    assertTrue(info.out().contains("NIR 1.0.7, exported by DeepSNN"), info.out());
    Path back = dir.resolve("back.snn");
    CliTest.Run imported = run("convert", "--model", nir.toString(), "-o", back.toString());
    assertEquals(0, imported.status(), imported.err());
    assertTrue(imported.out().contains("kept the thresholds of 5 IF layers"), imported.out());
    ConvertedNetwork a = ConvertedNetworkFile.read(snn);
    ConvertedNetwork b = ConvertedNetworkFile.read(back);
    assertEquals(a.conversion().inputScale(), b.conversion().inputScale());
    assertEquals(a.conversion().seed(), b.conversion().seed());
    assertEquals(java.util.Arrays.toString(a.thresholds().values()), java.util.Arrays.toString(b.thresholds().values()));
    JsonNode x = simulate(snn);
    JsonNode y = simulate(back);
    assertEquals(x.get("finalCorrect"), y.get("finalCorrect"));
    assertEquals(x.get("layers").size(), y.get("layers").size());
    for (int l = 0; l < x.get("layers").size(); l++) {
      assertEquals(x.get("layers").get(l).get("spikes"), y.get("layers").get(l).get("spikes"), "layer " + l);
    }
    assertTrue(x.get("layers").get(1).get("spikes").asLong() > 0);
  }

  @Test
  void aNirGraphCanBeRebalancedOnDataAndGetsTheOriginalsThresholds() throws IOException {
    Path snn = converted("vgg.snn");
    Path nir = dir.resolve("vgg.nir");
    assertEquals(0, run("export-nir", snn.toString(), "-o", nir.toString()).status());
    Path again = converted("again.snn", "--model", nir.toString());
    assertEquals(java.util.Arrays.toString(ConvertedNetworkFile.read(snn).thresholds().values()),
        java.util.Arrays.toString(ConvertedNetworkFile.read(again).thresholds().values()),
        "data-max on the imported graph sees the same activations");
  }

  @Test
  void aNirGraphFromAnotherToolIsDrivenWithTheInputScaleOfItsNormalisation() throws IOException {
    Path foreign = dir.resolve("one.nir");
    try (InputStream in = getClass().getResourceAsStream("/nir/h5py-one-if.nir")) {
      Files.copy(in, foreign);
    }
    Path snn = dir.resolve("one.snn");
    CliTest.Run r = run("convert", "--model", foreign.toString(), "--mean", "0.5", "--std", "0.25", "-o",
        snn.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("input scale 2.00000 (range)"), r.out());
    ConvertedNetwork c = ConvertedNetworkFile.read(snn);
    assertEquals(2.0, c.conversion().inputScale(), "range: max(0.5, 1 - 0.5) / 0.25");
    assertEquals(1.0 + 0x1p-32, c.thresholds().get(1), "NIR's v > 1 is v ≥ the next grid value");
    assertOneLineError(run("convert", "--model", foreign.toString(), "-o", snn.toString()), "--mean and --std");
  }

  static void assertOneLineError(CliTest.Run r, String... parts) {
    assertFalse(r.status() == 0, r.out());
    String line = r.err().strip();
    assertFalse(line.contains("\n"), line);
    for (String p : parts) {
      assertTrue(line.contains(p), "'" + p + "' in: " + line);
    }
  }

  @Test
  void whatNirCannotSayAndWhatWouldBeIgnoredAreRefusedNamingTheOptionOrNode() throws IOException {
    Path subtract = converted("subtract.snn", "--reset", "subtract");
    Path out = dir.resolve("x.nir");
    assertOneLineError(run("export-nir", subtract.toString(), "-o", out.toString()), subtract.toString(),
        "--reset subtract");
    assertFalse(Files.exists(out), "nothing written");
    Path snn = converted("vgg.snn");
    Path nir = dir.resolve("vgg.nir");
    assertEquals(0, run("export-nir", snn.toString(), "-o", nir.toString()).status());
    assertOneLineError(run("convert", "--model", nir.toString(), "--cal-steps", "20", "-o",
        dir.resolve("y.snn").toString()), "--cal-steps", "give --method");
    assertOneLineError(run("convert", "--model", nir.toString(), "--input-shape", "1,28,28", "-o",
        dir.resolve("y.snn").toString()), "--input-shape");
    assertOneLineError(run("convert", "--model", nir.toString(), "--input-scale", "1", "-o",
        dir.resolve("y.snn").toString()), "--input-scale", "give --method");
    assertOneLineError(run("convert", "--model", nir.toString(), "--data",
        "src/main/resources/demo/fashion-mnist-1000", "-o", dir.resolve("y.snn").toString()), "--data", "no image");
    Path lif = dir.resolve("lif.nir");
    try (InputStream in = getClass().getResourceAsStream("/nir/h5py-one-lif.nir")) {
      Files.copy(in, lif);
    }
    assertOneLineError(run("info", lif.toString()), "'neuron' (LIF)", "leak");
    assertFalse(Files.exists(dir.resolve("y.snn")));
  }
}
