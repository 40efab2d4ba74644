package io.deepsnn.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepsnn.network.onnx.ModelMetadata;
import io.deepsnn.runner.report.JsonFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as a user runs it: output, files written, exit codes and error lines. */
class CliTest {
  @TempDir
  Path dir;

  record Run(int status, String out, String err) {
  }

  static Run run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int status = cl.execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  private Path resource(String name) throws IOException {
    Path p = dir.resolve(Path.of(name).getFileName().toString());
    try (InputStream in = getClass().getResourceAsStream("/" + name)) {
      Files.copy(in, p);
    }
    return p;
  }

  @Test
  void helpListsTheCommands() {
    Run r = run("--help");
    assertEquals(0, r.status());
    assertTrue(r.out().contains("info") && r.out().contains("eval-ann"), r.out());
    Run sub = run("info", "--help");
    assertEquals(0, sub.status());
    assertTrue(sub.out().contains("--json"), sub.out());
  }

  @Test
  void infoPrintsLayersAndWritesJson() throws IOException {
    Path model = resource("models/resnet-tiny32.onnx");
    Path json = dir.resolve("info.json");
    Run r = run("info", model.toString(), "--json", json.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("3,760,448"), r.out());
    assertTrue(r.out().contains("shortcut"), r.out());
    JsonNode root = JsonFiles.mapper().readTree(json.toFile());
    assertEquals(3_760_448L, root.get("total_macs").asLong());
    long sum = 0;
    for (JsonNode layer : root.get("layers")) {
      sum += layer.get("macs").asLong();
    }
    assertEquals(3_760_448L, sum);
  }

  @Test
  void infoOnTheBundledModel() {
    Run r = run("info");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("fmnist-vgg.onnx") && r.out().contains("1x28x28"), r.out());
  }

  @Test
  void evalAnnOnTheBundledSubsetMatchesPyTorchToTheImage() throws IOException {
    Path json = dir.resolve("eval.json");
    Run r = run("eval-ann", "--json", json.toString());
    assertEquals(0, r.status(), r.err());
    JsonNode root = JsonFiles.mapper().readTree(json.toFile());
    assertEquals(1000, root.get("images").asInt());
    Path meta = dir.resolve("fmnist-vgg.json");
    try (InputStream in = getClass().getResourceAsStream("/demo/fmnist-vgg.json")) {
      Files.copy(in, meta);
    }
    ModelMetadata md = ModelMetadata.read(meta);
    assertEquals(1000, md.subsetImages());
    assertEquals(md.subsetCorrect(), root.get("top1_correct").asInt(),
        "Java and PyTorch must classify the same number of bundled images correctly\n" + r.out());
    assertTrue(r.out().contains("PyTorch reported"), r.out());
  }

  @Test
  void aMissingModelIsOneLineAndExitOne() {
    Path missing = dir.resolve("missing.onnx");
    Run r = run("info", missing.toString());
    assertEquals(1, r.status());
    assertTrue(r.err().startsWith("snn: ") && r.err().contains(missing.toString()), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void aBadArgumentIsOneClearLineAndExitTwo() {
    Run r = run("eval-ann", "--limit", "many");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("--limit") && r.err().contains("many"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    Run unknown = run("frobnicate");
    assertEquals(2, unknown.status());
  }

  @Test
  void badInputShapeIsRefused() {
    Run r = run("info", "--input-shape", "1,28");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("C,H,W"), r.err());
  }
}
