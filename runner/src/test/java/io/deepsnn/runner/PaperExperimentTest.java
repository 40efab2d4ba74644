package io.deepsnn.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `experiment paper` on small fixtures: every table and figure of RESULTS.md, and the run cache. */
class PaperExperimentTest {
  @TempDir
  Path dir;

  private Path model(String name) throws IOException {
    for (String ext : new String[] {".onnx", ".json"}) {
      try (InputStream in = getClass().getResourceAsStream("/models/" + name + ext)) {
        Files.copy(in, dir.resolve(name + ext));
      }
    }
    return dir.resolve(name + ".onnx");
  }

  @Test
  void writesEveryTableAndReusesCachedRuns() throws IOException {
    Path vgg = model("vgg-tiny32");
    Path resnet = model("resnet-tiny32");
    byte[] records = new byte[30 * 3073];
    new Random(2).nextBytes(records);
    for (int i = 0; i < 30; i++) {
      records[i * 3073] = (byte) (i % 10);
    }
    Files.write(dir.resolve("test_batch.bin"), records);
    Files.write(dir.resolve("data_batch_1.bin"), records);
    Path conf = dir.resolve("paper.conf");
    Files.writeString(conf, """
        deepsnn.paper {
          name = "Tiny paper"
          caveats = "Random data: the numbers mean nothing."
          discussion = "Our reading goes here."
          data { path = "%1$s", images = 6 }
          calibration { images = 3, steps = 10 }
          seeds = [0, 1]
          timesteps = [5, 10]
          short-timesteps = [3, 6]
          models = [
            { label = "VGG tiny", path = "%2$s", variant = "vgg" }
            { label = "ResNet tiny", path = "%3$s", variant = "resnet-full" }
            { label = "ResNet tiny, no junction ReLU", path = "%3$s", table = false, variant = "resnet-basic" }
            { label = "ResNet tiny, junction ReLU", path = "%3$s", table = false, variant = "resnet-junction" }
          ]
          paper-figures = [ { model = "VGG-16 (paper)", ann-error = 8.3, source = "a test" } ]
          out = "%4$s"
          runs = "%5$s"
        }
        """.formatted(dir, vgg, resnet, dir.resolve("docs"), dir.resolve("runs")));
    CliTest.Run r = CliTest.run("experiment", "paper", conf.toString());
    assertEquals(0, r.status(), r.out() + r.err());
    String page = Files.readString(dir.resolve("docs/RESULTS.md"));
    assertTrue(page.contains("# Tiny paper") && page.contains("Random data"), page);
    assertTrue(page.contains("| VGG tiny |") && page.contains("| ResNet tiny |"), page);
    assertTrue(page.contains("| VGG tiny | vgg_small32 | 34,776 | 2,597,184 |"), page);
    assertTrue(page.contains("VGG-16 (paper) | 8.30 % | – | – | a test |"), page);
    assertTrue(page.contains("+ plain pre-processing") && page.contains("basic (no junction ReLU)"), page);
    assertTrue(page.contains("hours of computation in all"), page);
    assertTrue(page.contains("Our reading goes here.") && page.contains("VGG tiny at T = 10:"), page);
    assertTrue(page.contains("Thresholds of VGG tiny") && page.contains("| data-max | Spike-Norm |"), page);
    assertTrue(page.contains("error at T=256") || page.contains("error at T=6"), page);
    for (String png : new String[] {"fig3_resnet_ablation.png", "fig4_vgg-tiny.png", "fig5_resnet-tiny.png"}) {
      assertTrue(Files.size(dir.resolve("docs/results").resolve(png)) > 1000, png);
    }
    // Table: 2 models × 2 methods × 2 seeds = 8; ablation: 3 new (its last step is a table run);
    // beyond: 3 per table model = 6. Each is cached as JSON.
    long cached;
    try (var s = Files.list(dir.resolve("runs"))) {
      cached = s.filter(p -> p.toString().endsWith(".json") && !p.toString().contains("_ann_")).count();
    }
    assertEquals(8 + 3 + 6, cached);
    CliTest.Run again = CliTest.run("experiment", "paper", conf.toString());
    assertEquals(0, again.status());
    assertFalse(again.out().contains("seed 0, T="), "a second call reuses every run: " + again.out());
    assertEquals(page.replaceAll("written on .*?(\\d+) minutes", ""),
        Files.readString(dir.resolve("docs/RESULTS.md")).replaceAll("written on .*?(\\d+) minutes", ""));
    // A retrained model (another file under the same label) must not reuse its predecessor's runs.
    Files.copy(resnet, vgg, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.copy(dir.resolve("resnet-tiny32.json"), dir.resolve("vgg-tiny32.json"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    CliTest.Run retrained = CliTest.run("experiment", "paper", conf.toString());
    assertEquals(0, retrained.status(), retrained.out() + retrained.err());
    assertTrue(retrained.out().contains("VGG tiny: data-max, seed 0"), retrained.out());
    assertFalse(retrained.out().contains("ResNet tiny: data-max, seed 0"), retrained.out());
  }
}
