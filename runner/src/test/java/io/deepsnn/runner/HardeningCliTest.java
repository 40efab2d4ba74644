package io.deepsnn.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad inputs that used to be accepted and ignored (issue 18): each is refused with one line naming
 * the culprit, a non-zero exit and nothing written.
 */
class HardeningCliTest {
  @TempDir
  Path dir;

  private static void assertRefused(CliTest.Run r, String... expected) {
    assertTrue(r.status() != 0, r.out() + r.err());
    String err = r.err().strip();
    assertFalse(err.contains("\n\tat "), "no stack trace: " + err);
    for (String e : expected) {
      assertTrue(err.contains(e), "'" + e + "' in: " + err);
    }
  }

  @Test
  void simulateRefusesANormalisationItCannotApply() {
    Path snn = dir.resolve("n.snn");
    assertEquals(0, CliTest.run("convert", "--method", "data-max", "--cal-images", "4", "-o", snn.toString()).status());
    assertRefused(CliTest.run("simulate", snn.toString(), "--images", "2", "--timesteps", "3", "--mean", "0.5",
        "--std", "0.2"), "--mean/--std cannot apply to simulate", snn.toString(), "mean [0.286]");
  }

  @Test
  void aTileLimitOfZeroNeuronsIsRefused() {
    assertRefused(CliTest.run("convert", "--runtime", "actors", "--tiles", "max=0", "-o",
        dir.resolve("t.snn").toString()), "max=0");
    assertFalse(Files.exists(dir.resolve("t.snn")));
  }

  @Test
  void moreMeanValuesThanTheModelHasChannelsAreRefusedAndNothingIsWritten() {
    Path out = dir.resolve("m.snn");
    assertRefused(CliTest.run("convert", "--method", "data-max", "--cal-images", "4", "--mean", "0.1,0.2,0.3",
        "--std", "1,1,1", "-o", out.toString()), "fmnist-vgg.onnx", "mean has 3 values", "1 channel");
    assertFalse(Files.exists(out));
  }

  @Test
  void negativeCountsAndNonPositiveTimestepsInAnExperimentAreRefusedBeforeAnyWork() throws IOException {
    Path out = dir.resolve("out");
    Path neg = dir.resolve("neg.conf");
    Files.writeString(neg, "deepsnn.experiment { data { images = -1 }, out = \"" + out + "\" }\n");
    assertRefused(CliTest.run("run", neg.toString()), "neg.conf", "deepsnn.experiment.data.images", "-1");
    Path steps = dir.resolve("steps.conf");
    Files.writeString(steps, "deepsnn.experiment { simulate { timesteps = [0, 5] }, out = \"" + out + "\" }\n");
    assertRefused(CliTest.run("run", steps.toString()), "steps.conf", "simulate.timesteps", "[0, 5]");
    Path energy = dir.resolve("energy.conf");
    Files.writeString(energy, "deepsnn.experiment { energy { pj-per-ac = -1 }, out = \"" + out + "\" }\n");
    assertRefused(CliTest.run("run", energy.toString()), "energy.pj-per-ac");
    assertFalse(Files.exists(out), "nothing written");
  }
}
