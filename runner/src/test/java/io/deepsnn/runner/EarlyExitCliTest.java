package io.deepsnn.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.runner.report.JsonFiles;
import io.deepsnn.runner.report.SnnReport;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code simulate --early-exit W:K} on the bundled model: reported, the same on both runtimes, refused where it cannot apply. */
class EarlyExitCliTest {
  @TempDir
  static Path dir;
  private static Path snn;

  @BeforeAll
  static void convert() {
    snn = dir.resolve("n.snn");
    assertEquals(0, CliTest.run("convert", "--method", "data-max", "--cal-images", "8", "--reset", "subtract", "-o",
        snn.toString()).status());
  }

  private static SnnReport simulate(String name, String... extra) throws IOException {
    Path json = dir.resolve(name + ".json");
    String[] base = {"simulate", snn.toString(), "--images", "12", "--timesteps", "20,60", "--no-ann", "--json",
        json.toString()};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    CliTest.Run r = CliTest.run(args);
    assertEquals(0, r.status(), r.out() + r.err());
    if (java.util.Arrays.asList(extra).contains("--early-exit")) {
      assertTrue(r.out().contains("mean timesteps/image"), r.out());
    }
    return JsonFiles.mapper().readValue(json.toFile(), SnnReport.class);
  }

  @Test
  void earlyExitSavesTimestepsAndWorkAndTheActorRuntimeAgrees() throws IOException {
    SnnReport full = simulate("full");
    SnnReport early = simulate("early", "--early-exit", "5:2");
    SnnReport actors = simulate("actors", "--early-exit", "5:2", "--runtime", "actors", "--timing", "lockstep",
        "--tiles", "2");
    assertEquals("5:2", early.settings().earlyExit());
    assertEquals(null, full.settings().earlyExit());
    SnnReport.AccuracyPoint last = early.accuracy().get(1);
    assertEquals(60.0, full.accuracy().get(1).meanTimesteps());
    assertTrue(last.meanTimesteps() < 60, "images exit early: mean " + last.meanTimesteps());
    assertTrue(last.acs() < full.accuracy().get(1).acs(), "exited images do no work");
    for (int c = 0; c < 2; c++) {
      assertEquals(ResultsOnly.point(early.accuracy().get(c)), ResultsOnly.point(actors.accuracy().get(c)), "actors = sequential at checkpoint " + c);
    }
    assertEquals(early.finalCorrect(), actors.finalCorrect());
  }

  @Test
  void aHoconExperimentExitsEarlyAsTheCommandLineDoes() throws IOException {
    SnnReport cli = simulate("cli-exit", "--early-exit", "5:2", "--seed", "0");
    Path conf = dir.resolve("early.conf");
    Path out = dir.resolve("early-exp");
    java.nio.file.Files.writeString(conf, """
        deepsnn.experiment {
          name = "early"
          data { images = 12 }
          calibration { images = 8 }
          conversions = [ { method = "data-max" } ]
          resets = ["subtract"]
          simulate { timesteps = [20, 60], seed = 0, early-exit = "5:2" }
          out = "%s"
        }
        """.formatted(out));
    CliTest.Run r = CliTest.run("run", conf.toString());
    assertEquals(0, r.status(), r.out() + r.err());
    SnnReport hocon = JsonFiles.mapper().treeToValue(
        JsonFiles.mapper().readTree(out.resolve("report.json").toFile()).get("runs").get(0), SnnReport.class);
    assertEquals("5:2", hocon.settings().earlyExit());
    for (int c = 0; c < 2; c++) {
      assertEquals(ResultsOnly.point(cli.accuracy().get(c)), ResultsOnly.point(hocon.accuracy().get(c)),
          "HOCON = command line at checkpoint " + c);
    }
    java.nio.file.Files.writeString(conf, java.nio.file.Files.readString(conf).replace("\"5:2\"", "\"5\""));
    CliTest.Run bad = CliTest.run("run", conf.toString());
    assertTrue(bad.status() != 0 && bad.err().contains("deepsnn.experiment.simulate.early-exit: '5' is not W:K"),
        bad.err());
  }

  @Test
  void earlyExitIsRefusedWhereItCannotApplyNamingTheOption() {
    String[][] cases = {
        {"--early-exit", "5", "'5' is not W:K"},
        {"--early-exit", "0:3", "W ≥ 1"},
        {"--early-exit", "3:2", "--readout", "current", "--readout current fires none"},
        {"--early-exit", "3:2", "--runtime", "actors", "--timing", "pipelined", "--early-exit needs --timing lockstep"},
    };
    for (String[] c : cases) {
      String[] args = new String[c.length + 5];
      args[0] = "simulate";
      args[1] = snn.toString();
      args[2] = "--images";
      args[3] = "2";
      args[4] = "--no-ann";
      System.arraycopy(c, 0, args, 5, c.length - 1);
      CliTest.Run r = CliTest.run(java.util.Arrays.copyOf(args, args.length - 1));
      assertEquals(2, r.status(), r.out() + r.err());
      String err = r.err().strip();
      assertTrue(err.contains(c[c.length - 1]) && err.contains("early-exit"), err);
      assertFalse(err.contains("\n"), "one line: " + err);
    }
  }
}
