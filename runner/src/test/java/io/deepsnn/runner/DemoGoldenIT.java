package io.deepsnn.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.deepsnn.runner.pipeline.Experiment;
import io.deepsnn.runner.pipeline.ExperimentConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's numbers are pinned: {@code bin/snn demo} (the bundled {@code demo.conf}: data-max and
 * Spike-Norm on the bundled model, 1,000 images, T up to 500) must give exactly the thresholds,
 * correct answers at every T, spikes and ACs per layer recorded in
 * {@code golden/demo-report-numbers.json} — written from the simulator before the shared timestep
 * core replaced the two copies of the method, so a refactor that changes any result fails here.
 * About two minutes on two cores.
 *
 * <p>A changed result is written to {@code target/demo-report-numbers.actual.json} for review;
 * the golden file changes only with a deliberate change of the semantics (SEMANTICS.md).
 */
class DemoGoldenIT {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Path GOLDEN = Path.of("src/test/resources/golden/demo-report-numbers.json");

  @Test
  void theDemoGivesThePinnedNumbers(@TempDir Path out) throws Exception {
    Config demo = ConfigFactory.parseResources("demo.conf");
    assertTrue(!demo.isEmpty(), "demo.conf is bundled");
    Config cfg = ConfigFactory.parseString("deepsnn.experiment { out = \"" + out.toString().replace("\\", "/")
        + "\", threads = 2 }").withFallback(demo).withFallback(ConfigFactory.defaultReference()).resolve();
    Experiment.run(ExperimentConfig.from(cfg, "demo.conf"), "demo golden test", new PrintWriter(new StringWriter()));

    JsonNode actual = numbers(JSON.readTree(out.resolve("report.json").toFile()));
    Path written = Path.of("target/demo-report-numbers.actual.json");
    Files.createDirectories(written.getParent());
    JSON.writeValue(written.toFile(), actual);
    assertTrue(Files.isRegularFile(GOLDEN), GOLDEN + " is missing; the numbers of this run are in " + written);
    JsonNode golden = JSON.readTree(GOLDEN.toFile());
    assertEquals(golden.toPrettyString(), actual.toPrettyString(),
        "the demo's numbers changed; this run's are in " + written);
  }

  /** The numbers of a report that depend on the semantics alone (not on time or machine). */
  static JsonNode numbers(JsonNode report) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    root.put("ann_accuracy", report.get("ann_accuracy").asDouble());
    ArrayNode runs = root.putArray("runs");
    for (JsonNode r : report.get("runs")) {
      ObjectNode run = runs.addObject();
      run.put("label", r.get("label").asText());
      run.put("images", r.get("images").asInt());
      run.put("inputScale", r.get("settings").get("inputScale").asDouble());
      ArrayNode acc = run.putArray("accuracy");
      for (JsonNode a : r.get("accuracy")) {
        acc.addObject().put("timesteps", a.get("timesteps").asInt()).put("correct", a.get("correct").asInt())
            .put("spikes", a.get("spikes").asLong()).put("acs", a.get("acs").asLong());
      }
      ArrayNode layers = run.putArray("layers");
      for (JsonNode l : r.get("layers")) {
        layers.addObject().put("index", l.get("index").asInt()).put("threshold", l.get("threshold").asText())
            .put("spikes", l.get("spikes").asLong()).put("acs", l.get("acs").asLong())
            .put("shortcutAcs", l.get("shortcutAcs").asLong());
      }
    }
    return root;
  }
}
