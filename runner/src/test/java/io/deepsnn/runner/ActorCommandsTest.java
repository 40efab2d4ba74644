package io.deepsnn.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepsnn.network.convert.ConvertedNetwork;
import io.deepsnn.network.convert.ConvertedNetworkFile;
import io.deepsnn.runner.report.JsonFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The actor runtime through the command line: convert, simulate, the timing experiment, soak. */
class ActorCommandsTest {
  @TempDir
  Path dir;

  private Path convert(String name, String... extra) {
    Path snn = dir.resolve(name + ".snn");
    String[] base = {"convert", "--method", "spike-norm", "--cal-images", "8", "--cal-steps", "40", "-o",
        snn.toString()};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    CliTest.Run r = CliTest.run(args);
    assertEquals(0, r.status(), r.err());
    return snn;
  }

  @Test
  void spikeNormThroughTheNormalizerActorWritesTheSameThresholds() {
    ConvertedNetwork seq = ConvertedNetworkFile.read(convert("seq"));
    ConvertedNetwork act = ConvertedNetworkFile.read(convert("act", "--runtime", "actors", "--tiles", "3"));
    assertEquals(seq.layers(), act.layers());
    ConvertedNetwork nodes = ConvertedNetworkFile.read(convert("nodes", "--runtime", "actors", "--tiles", "2",
        "--nodes", "2", "--placement", "round-robin"));
    assertEquals(seq.layers(), nodes.layers());
  }

  @Test
  void simulateOnTheActorRuntimeReportsWhatTheSequentialSimulatorReports() throws IOException {
    Path snn = convert("net");
    Path seq = dir.resolve("seq.json");
    Path act = dir.resolve("act.json");
    assertEquals(0, CliTest.run("simulate", snn.toString(), "--images", "10", "--timesteps", "10,40", "--no-ann",
        "--json", seq.toString()).status());
    CliTest.Run r = CliTest.run("simulate", snn.toString(), "--images", "10", "--timesteps", "10,40", "--no-ann",
        "--runtime", "actors", "--tiles", "3", "--timing", "pipelined", "--json", act.toString());
    assertEquals(0, r.status(), r.err());
    assertSameReport(seq, act);
    CliTest.Run async = CliTest.run("simulate", snn.toString(), "--images", "4", "--timesteps", "20", "--no-ann",
        "--runtime", "actors", "--timing", "async", "--delay", "fixed:2ms");
    assertEquals(0, async.status(), async.err());
    assertTrue((async.out() + async.err()).contains("async timing: spikes were integrated "), async.out() + async.err());
    // The bundled images go by that name in reports, not by the temporary folder they were unpacked to.
    String data = JsonFiles.mapper().readTree(seq.toFile()).get("data").asText();
    assertTrue(data.startsWith("the bundled Fashion-MNIST test images (1,000 of 1×28×28, 10 classes)"), data);
  }

  @Test
  void simulateOnSeveralClusterNodesReportsWhatTheSequentialSimulatorReports() throws IOException {
    Path snn = convert("net");
    Path seq = dir.resolve("seq.json");
    Path nodes = dir.resolve("nodes.json");
    assertEquals(0, CliTest.run("simulate", snn.toString(), "--images", "6", "--timesteps", "10,30", "--no-ann",
        "--json", seq.toString()).status());
    CliTest.Run r = CliTest.run("simulate", snn.toString(), "--images", "6", "--timesteps", "10,30", "--no-ann",
        "--runtime", "actors", "--tiles", "2", "--nodes", "3", "--placement", "round-robin", "--json",
        nodes.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.err().contains("3 cluster nodes up (round-robin): pekko://deepsnn@127.0.0.1:"), r.err());
    // Round-robin: at least one edge crosses between nodes, and it carries one batch per timestep
    // (6 images are one image batch; 30 timesteps).
    java.util.regex.Matcher traffic = java.util.regex.Pattern.compile("between nodes: ([0-9,]+) spike batches")
        .matcher(r.err());
    assertTrue(traffic.find() && Long.parseLong(traffic.group(1).replace(",", "")) >= 30, r.err());
    assertSameReport(seq, nodes);

    CliTest.Run wrong = CliTest.run("simulate", snn.toString(), "--images", "6", "--timesteps", "10", "--nodes", "2");
    assertEquals(2, wrong.status());
    assertTrue(wrong.err().contains("--nodes needs the actor runtime"), wrong.err());
  }

  private static void assertSameReport(Path expected, Path actual) throws IOException {
    JsonNode a = JsonFiles.mapper().readTree(actual.toFile());
    JsonNode s = JsonFiles.mapper().readTree(expected.toFile());
    assertEquals(ResultsOnly.accuracy(s.get("accuracy")), ResultsOnly.accuracy(a.get("accuracy")));
    for (int l = 0; l < s.get("layers").size(); l++) {
      assertEquals(s.get("layers").get(l).get("spikes"), a.get("layers").get(l).get("spikes"));
      assertEquals(s.get("layers").get(l).get("acs"), a.get("layers").get(l).get("acs"));
    }
  }

  @Test
  void timingExperimentComparesEveryMode() throws IOException {
    Path snn = convert("timing");
    Path out = dir.resolve("timing");
    CliTest.Run r = CliTest.run("experiment", "timing", snn.toString(), "--images", "16", "--timesteps", "60",
        "--every", "20", "--delays", "none,uniform:1ms", "--out", out.toString());
    assertEquals(0, r.status(), r.err());
    JsonNode root = JsonFiles.mapper().readTree(out.resolve("timing.json").toFile());
    JsonNode modes = root.get("modes");
    assertEquals(5, modes.size());
    assertEquals("sequential", modes.get(0).get("mode").asText());
    for (int m = 0; m <= 2; m++) {
      assertEquals(1.0, modes.get(m).get("agreement_with_sequential").asDouble(), 0.0, "lockstep and pipelined");
      assertEquals(modes.get(0).get("accuracy"), modes.get(m).get("accuracy"));
      assertEquals(0.0, modes.get(m).get("mean_spike_lag_timesteps").asDouble(), 0.0, "pseudo-simultaneous");
      assertEquals(0.0, modes.get(m).get("dropped_spike_fraction").asDouble(), 0.0, "nothing dropped");
    }
    // Async with spike batches held 0-2 ms while a timestep lasts 1 ms: spikes come late.
    assertEquals("async uniform 1.0 ms", modes.get(4).get("mode").asText());
    assertTrue(modes.get(4).get("mean_spike_lag_timesteps").asDouble() > 0.3, modes.get(4).toString());
    JsonNode byLayer = modes.get(4).get("mean_spike_lag_by_layer");
    assertEquals(modes.get(0).get("mean_spike_lag_by_layer").size(), byLayer.size(), "one entry per layer");
    assertEquals(0.0, byLayer.get(0).asDouble(), 0.0, "nothing flows into the input layer");
    assertTrue(byLayer.get(1).asDouble() > 0, "the first hidden layer gets the delayed input spikes late");
    assertTrue(Files.readString(out.resolve("timing.csv")).startsWith(
        "mode,timesteps,accuracy,images_per_second,mean_stable_timesteps,agreement,mean_spike_lag,dropped_spikes\n"));
    assertTrue(out.resolve("timing.png").toFile().length() > 1000);
    assertTrue(out.resolve("timing_lag.png").toFile().length() > 1000);
    String md = Files.readString(out.resolve("timing.md"));
    assertTrue(md.contains("| lockstep | ") && md.contains("| 100.00 % | 0.00 | 0.00 % |")
        && md.contains("![spike lag per layer](timing_lag.png)"), md);
  }

  @Test
  void aNodeThatCannotJoinGivesUpAndSaysWhy() throws IOException {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    CliTest.Run r = CliTest.run("node", "--join", "127.0.0.1:" + port, "--join-timeout", "2", "--threads", "1");
    assertEquals(1, r.status(), r.out() + r.err());
    assertTrue(r.err().contains("could not join the coordinator pekko://deepsnn@127.0.0.1:" + port + " within 2 s"),
        r.err());
  }

  @Test
  void aHoconExperimentRunsOnClusterNodesWithTheSequentialResults() throws IOException {
    JsonNode[] reports = new JsonNode[2];
    String[] simulate = {"", "runtime = \"actors\", tiles = \"2\", nodes = 2, placement = \"round-robin\""};
    for (int k = 0; k < 2; k++) {
      Path conf = dir.resolve("exp" + k + ".conf");
      Files.writeString(conf, """
          deepsnn.experiment {
            name = "nodes"
            data { images = 6 }
            calibration { images = 4, steps = 20 }
            conversions = [ { method = "data-max" } ]
            resets = ["zero"]
            simulate { timesteps = [10, 30], %s }
            out = "%s"
          }
          """.formatted(simulate[k], dir.resolve("exp" + k)));
      CliTest.Run r = CliTest.run("run", conf.toString());
      assertEquals(0, r.status(), r.err());
      assertEquals(k == 1, r.out().contains("2 cluster nodes up (round-robin)"), r.out());
      reports[k] = JsonFiles.mapper().readTree(dir.resolve("exp" + k + "/report.json").toFile()).get("runs").get(0);
    }
    assertEquals(ResultsOnly.accuracy(reports[0].get("accuracy")), ResultsOnly.accuracy(reports[1].get("accuracy")));
    assertEquals(reports[0].get("totals").get("spikes"), reports[1].get("totals").get("spikes"));
  }

  @Test
  void timingAndSoakRunAcrossClusterNodes() throws IOException {
    Path snn = convert("timing-nodes");
    Path out = dir.resolve("timing-nodes");
    CliTest.Run r = CliTest.run("experiment", "timing", snn.toString(), "--images", "8", "--timesteps", "30",
        "--every", "10", "--delays", "none", "--nodes", "2", "--placement", "round-robin", "--out", out.toString());
    assertEquals(0, r.status(), r.err());
    JsonNode modes = JsonFiles.mapper().readTree(out.resolve("timing.json").toFile()).get("modes");
    for (int m = 1; m <= 2; m++) {
      assertEquals(1.0, modes.get(m).get("agreement_with_sequential").asDouble(), 0.0, "lockstep and pipelined");
      assertEquals(modes.get(0).get("accuracy"), modes.get(m).get("accuracy"));
    }
    // The counters cross the nodes too: every edge's spikes sent = received = integrated.
    CliTest.Run soak = CliTest.run("soak", "--arch", "resnet20", "--duration", "3s", "--report-every", "2s",
        "--timesteps", "5", "--tiles", "2", "--cal-steps", "5", "--nodes", "2", "--placement", "round-robin");
    assertEquals(0, soak.status(), soak.out() + soak.err());
    assertTrue(soak.out().contains("2 cluster nodes up") && soak.out().contains("sent = received = integrated")
        && soak.out().contains("soak OK"), soak.out());
  }

  /** A soak's nodes elsewhere build its random-weight graph from --arch (here: a node in this JVM). */
  @Test
  void aSoakCoordinatesNodesStartedWithItsArch() throws Exception {
    CliTest.Run both = CliTest.run("node", "net.snn", "--arch", "resnet20", "--join", "127.0.0.1:1");
    assertEquals(2, both.status(), both.err());
    assertTrue(both.err().contains("give the network file or --arch, not both"), both.err());

    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String listen = "127.0.0.1:" + port;
    var node = java.util.concurrent.CompletableFuture.supplyAsync(() -> CliTest.run("node", "--arch", "resnet20",
        "--join", listen, "--threads", "1", "--join-timeout", "120"));
    CliTest.Run soak = CliTest.run("soak", "--arch", "resnet20", "--duration", "2s", "--report-every", "1s",
        "--timesteps", "5", "--tiles", "2", "--cal-steps", "5", "--nodes", "2", "--listen", listen, "--threads", "1");
    assertEquals(0, soak.status(), soak.out() + soak.err());
    assertTrue(soak.out().contains("started with 'snn node --arch resnet20 --join " + listen + "'")
        && soak.out().contains("2 cluster nodes up") && soak.out().contains("soak OK"), soak.out());
    CliTest.Run n = node.get(60, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(0, n.status(), n.out() + n.err());
    assertTrue(n.out().contains("with the soak's resnet20 graph"), n.out());
  }

  @Test
  void soakReportsConservedCountersAndSucceeds() throws IOException {
    Path json = dir.resolve("soak.json");
    CliTest.Run r = CliTest.run("soak", "--arch", "resnet20", "--duration", "4s", "--report-every", "2s",
        "--timesteps", "5", "--tiles", "2", "--cal-steps", "5", "--json", json.toString());
    assertEquals(0, r.status(), r.out() + r.err());
    assertTrue(r.out().contains("sent = received = integrated") && r.out().contains("soak OK"), r.out());
    JsonNode root = JsonFiles.mapper().readTree(json.toFile());
    assertTrue(root.get("samples").size() >= 2);
    for (JsonNode s : root.get("samples")) {
      assertEquals(0, s.get("edgesNotConserved").asInt());
      assertTrue(s.get("images").asLong() > 0);
    }
  }
}
