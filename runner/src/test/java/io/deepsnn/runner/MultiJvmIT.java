package io.deepsnn.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepsnn.network.convert.ConvertedNetworkFile;
import io.deepsnn.runner.report.JsonFiles;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs across JVMs, as across machines: {@code snn node} processes join a coordinator
 * ({@code simulate} or {@code convert} with {@code --nodes N --listen}); the report and the
 * Spike-Norm thresholds equal the sequential ones, and the nodes stop by themselves when the
 * coordinator does; when a node is killed mid-run, the coordinator fails over to the node left and
 * still reports the sequential result; a node with another network is left out, exits non-zero
 * naming why, and the run goes on with a right one; over TLS, a node with other keys cannot join.
 * About two and a half minutes.
 */
class MultiJvmIT {
  @TempDir
  Path dir;

  @Test
  void nodesInOtherJvmsGiveTheSequentialSimulatorsReportAndStopWithTheCoordinator() throws Exception {
    Path snn = dir.resolve("net.snn");
    assertEquals(0, CliTest.run("convert", "--method", "spike-norm", "--cal-images", "8", "--cal-steps", "40",
        "-o", snn.toString()).status());
    Path seq = dir.resolve("seq.json");
    // Reset and seed differ from the network's defaults.
    String[] options = {"--reset", "subtract", "--seed", "3"};
    assertEquals(0, CliTest.run("simulate", snn.toString(), "--images", "6", "--timesteps", "10,30", "--no-ann",
        "--json", seq.toString(), options[0], options[1], options[2], options[3]).status());

    String listen = "127.0.0.1:" + freePort();
    // The nodes get the network file only: tiles, timing, reset and seed come from the coordinator.
    String[] coordinatorOnly = {"--tiles", "2", "--timing", "pipelined", "--threads", "1"};
    List<Process> nodes = new ArrayList<>();
    for (int n = 0; n < 2; n++) {
      nodes.add(snn(dir.resolve("node" + n + ".log"), "node", snn.toString(), "--join", listen, "--threads", "1"));
    }
    try {
      Path multi = dir.resolve("multi.json");
      List<String> args = new ArrayList<>(List.of("simulate", snn.toString(), "--images", "6", "--timesteps",
          "10,30", "--no-ann", "--runtime", "actors", "--nodes", "3", "--listen", listen, "--placement",
          "round-robin", "--startup-timeout", "90", "--json", multi.toString()));
      args.addAll(List.of(coordinatorOnly));
      args.addAll(List.of(options));
      CliTest.Run r = CliTest.run(args.toArray(String[]::new));
      assertEquals(0, r.status(), r.err() + logs());
      assertTrue(r.err().contains("3 cluster nodes up"), r.err());
      assertSameReport(dir.resolve("seq.json"), dir.resolve("multi.json"));
      for (Process p : nodes) {
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "a node outlived its coordinator" + logs());
        assertEquals(0, p.exitValue(), logs());
      }
      assertTrue(logs().contains("stopped"), logs());
    } finally {
      nodes.forEach(Process::destroyForcibly);
    }
  }

  @Test
  void spikeNormAcrossJvmsGivesTheSequentialThresholds() throws Exception {
    String[] cal = {"--method", "spike-norm", "--cal-images", "8", "--cal-steps", "40"};
    Path seq = dir.resolve("seq.snn");
    List<String> base = new ArrayList<>(List.of("convert"));
    base.addAll(List.of(cal));
    List<String> sequential = new ArrayList<>(base);
    sequential.addAll(List.of("-o", seq.toString()));
    assertEquals(0, CliTest.run(sequential.toArray(String[]::new)).status());

    String listen = "127.0.0.1:" + freePort();
    // No network file yet: the node reads the model the coordinator converts (the bundled one).
    Process node = snn(dir.resolve("node0.log"), "node", "--join", listen, "--threads", "1");
    try {
      Path spread = dir.resolve("spread.snn");
      List<String> args = new ArrayList<>(base);
      args.addAll(List.of("--runtime", "actors", "--tiles", "2", "--nodes", "2", "--listen", listen,
          "--placement", "round-robin", "--startup-timeout", "90", "-o", spread.toString()));
      CliTest.Run r = CliTest.run(args.toArray(String[]::new));
      assertEquals(0, r.status(), r.out() + r.err() + logs());
      assertEquals(ConvertedNetworkFile.read(seq).layers(), ConvertedNetworkFile.read(spread).layers());
      assertTrue(node.waitFor(60, TimeUnit.SECONDS), "the node outlived its coordinator" + logs());
    } finally {
      node.destroyForcibly();
    }
  }

  @Test
  void aNodeKilledMidRunIsFailedOverAndTheReportIsTheSequentialOne() throws Exception {
    String[] run = {"--images", "96", "--timesteps", "100,400", "--no-ann"};
    Path snn = dataMaxNetAndSequentialRun(run);
    String listen = "127.0.0.1:" + freePort();
    Path coordinatorLog = dir.resolve("coordinator.log");
    Process coordinator = coordinatorOfTwo(snn, listen, 90, coordinatorLog, run);
    Process node = snn(dir.resolve("node0.log"), "node", snn.toString(), "--join", listen, "--threads", "1");
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (!Files.readString(coordinatorLog).contains("2 cluster nodes up") && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      Thread.sleep(1000);
      assertTrue(coordinator.isAlive(), "the run is under way: " + Files.readString(coordinatorLog) + logs());
      node.destroyForcibly().waitFor();
      assertTrue(coordinator.waitFor(180, TimeUnit.SECONDS), "the coordinator did not finish: "
          + Files.readString(coordinatorLog));
      String log = Files.readString(coordinatorLog);
      assertEquals(0, coordinator.exitValue(), log);
      assertTrue(log.contains("failover: image batch") && log.contains("became unreachable")
          && log.contains("tiles L"), log);
      assertSameReport(dir.resolve("seq.json"), dir.resolve("multi.json"));
    } finally {
      node.destroyForcibly();
      coordinator.destroyForcibly();
    }
  }

  @Test
  void aNodeWithAnotherNetworkIsLeftOutAndExitsNonZeroWhileTheRunGoesOn() throws Exception {
    String[] run = {"--images", "6", "--timesteps", "10,30", "--no-ann"};
    Path snn = dataMaxNetAndSequentialRun(run);
    String listen = "127.0.0.1:" + freePort();
    Path coordinatorLog = dir.resolve("coordinator.log");
    Process coordinator = coordinatorOfTwo(snn, listen, 150, coordinatorLog, run);
    // The soak's ResNet-20 graph: another network than the coordinator's.
    Path wrongLog = dir.resolve("node1.log");
    Process wrong = snn(wrongLog, "node", "--arch", "resnet20", "--join", listen, "--threads", "1");
    Process right = null;
    try {
      assertTrue(wrong.waitFor(120, TimeUnit.SECONDS), "the refused node kept running: " + Files.readString(wrongLog)
          + Files.readString(coordinatorLog));
      String refusal = Files.readString(wrongLog);
      assertTrue(wrong.exitValue() != 0 && refusal.contains("left it out") && refusal.contains("holds another network"),
          "exit " + wrong.exitValue() + ": " + refusal);
      assertTrue(coordinator.isAlive(), "the run goes on without it: " + Files.readString(coordinatorLog));
      right = snn(dir.resolve("node0.log"), "node", snn.toString(), "--join", listen, "--threads", "1");
      assertTrue(coordinator.waitFor(150, TimeUnit.SECONDS), "the coordinator did not finish: "
          + Files.readString(coordinatorLog) + logs());
      String log = Files.readString(coordinatorLog);
      assertEquals(0, coordinator.exitValue(), log + logs());
      assertTrue(log.contains("2 cluster nodes up") && log.contains("left out: node") , log);
      assertSameReport(dir.resolve("seq.json"), dir.resolve("multi.json"));
    } finally {
      wrong.destroyForcibly();
      if (right != null) {
        right.destroyForcibly();
      }
      coordinator.destroyForcibly();
    }
  }

  @Test
  void overTlsOnlyANodeWithTheClustersKeysJoinsAndTheRunIsTheSequentialOne() throws Exception {
    Path keys = dir.resolve("keys");
    Path other = dir.resolve("other-keys");
    assertEquals(0, CliTest.run("keys", "-o", keys.toString()).status());
    assertEquals(0, CliTest.run("keys", "-o", other.toString()).status());
    String[] run = {"--images", "6", "--timesteps", "10,30", "--no-ann"};
    Path snn = dataMaxNetAndSequentialRun(run);
    String listen = "127.0.0.1:" + freePort();
    Path coordinatorLog = dir.resolve("coordinator.log");
    List<String> coordinatorRun = new ArrayList<>(List.of(run));
    coordinatorRun.addAll(tls(keys));
    Process coordinator = coordinatorOfTwo(snn, listen, 150, coordinatorLog, coordinatorRun.toArray(String[]::new));
    List<String> stranger = new ArrayList<>(List.of("node", snn.toString(), "--join", listen, "--threads", "1",
        "--join-timeout", "15"));
    stranger.addAll(tls(other));
    Path strangerLog = dir.resolve("node1.log");
    Process untrusted = snn(strangerLog, stranger.toArray(String[]::new));
    Process trusted = null;
    try {
      assertTrue(untrusted.waitFor(60, TimeUnit.SECONDS), "the untrusted node kept trying: " + logs());
      String refused = Files.readString(strangerLog);
      assertTrue(untrusted.exitValue() != 0 && refused.contains("could not join") && refused.contains("over TLS"),
          "exit " + untrusted.exitValue() + ": " + refused);
      List<String> member = new ArrayList<>(List.of("node", snn.toString(), "--join", listen, "--threads", "1"));
      member.addAll(tls(keys));
      trusted = snn(dir.resolve("node0.log"), member.toArray(String[]::new));
      assertTrue(coordinator.waitFor(150, TimeUnit.SECONDS), "the coordinator did not finish: "
          + Files.readString(coordinatorLog) + logs());
      assertEquals(0, coordinator.exitValue(), Files.readString(coordinatorLog) + logs());
      assertSameReport(dir.resolve("seq.json"), dir.resolve("multi.json"));
      assertTrue(trusted.waitFor(60, TimeUnit.SECONDS), "the node outlived its coordinator" + logs());
      assertEquals(0, trusted.exitValue(), logs());
    } finally {
      untrusted.destroyForcibly();
      if (trusted != null) {
        trusted.destroyForcibly();
      }
      coordinator.destroyForcibly();
    }
  }

  private static List<String> tls(Path keys) {
    return List.of("--tls-keystore", keys.resolve("node.p12").toString(), "--tls-truststore",
        keys.resolve("trust.p12").toString(), "--tls-password-file", keys.resolve("password").toString());
  }

  /** The bundled net with data-max thresholds, and its sequential report of {@code run} in seq.json. */
  private Path dataMaxNetAndSequentialRun(String[] run) {
    Path snn = dir.resolve("net.snn");
    assertEquals(0, CliTest.run("convert", "--method", "data-max", "--cal-images", "8", "-o", snn.toString()).status());
    List<String> sequential = new ArrayList<>(List.of("simulate", snn.toString(), "--json",
        dir.resolve("seq.json").toString()));
    sequential.addAll(List.of(run));
    assertEquals(0, CliTest.run(sequential.toArray(String[]::new)).status());
    return snn;
  }

  /** A coordinator of {@code run} on two nodes listening at {@code listen}, its report in multi.json. */
  private Process coordinatorOfTwo(Path snn, String listen, int startupSeconds, Path log, String[] run)
      throws IOException {
    List<String> args = new ArrayList<>(List.of("simulate", snn.toString(), "--runtime", "actors", "--nodes", "2",
        "--listen", listen, "--startup-timeout", String.valueOf(startupSeconds), "--threads", "1", "--json",
        dir.resolve("multi.json").toString()));
    args.addAll(List.of(run));
    return snn(log, args.toArray(String[]::new));
  }

  /** The two reports agree on accuracy and on every layer's spikes. */
  private static void assertSameReport(Path sequential, Path multi) throws IOException {
    JsonNode a = JsonFiles.mapper().readTree(multi.toFile());
    JsonNode s = JsonFiles.mapper().readTree(sequential.toFile());
    assertEquals(ResultsOnly.accuracy(s.get("accuracy")), ResultsOnly.accuracy(a.get("accuracy")));
    for (int l = 0; l < s.get("layers").size(); l++) {
      assertEquals(s.get("layers").get(l).get("spikes"), a.get("layers").get(l).get("spikes"), "layer " + l);
    }
  }

  /** {@code snn ARGS} in a JVM of its own, writing its output to {@code log}. */
  private static Process snn(Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private String logs() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int n = 0; n < 2; n++) {
      Path f = dir.resolve("node" + n + ".log");
      sb.append("\n--- node ").append(n).append(":\n").append(Files.exists(f) ? Files.readString(f) : "(none)");
    }
    return sb.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
