package io.deepsnn.runner.cli;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.ConfigException;
import io.deepsnn.network.testing.Mutations;
import io.deepsnn.runner.pipeline.ExperimentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random damage to the experiment files in configs/ (as bytes: broken syntax, cut
 * strings, stray characters, wrong numbers) read as {@code snn run} reads them: each ends in a
 * configuration or in an error naming the problem ({@link IllegalArgumentException} or Typesafe
 * Config's {@link ConfigException}), never in another exception or a hang. A longer run:
 * {@code -Ddeepsnn.fuzz.rounds=5000}.
 */
class HoconFuzzTest {
  @TempDir
  Path dir;

  @Test
  void damagedExperimentFilesAreReadOrRefused() throws Exception {
    int rounds = Integer.getInteger("deepsnn.fuzz.rounds", 150);
    Random rnd = new Random(21);
    int read = 0;
    for (String name : new String[] {"demo.conf", "low-latency-cifar10.conf"}) {
      byte[] valid = Files.readAllBytes(Path.of("..", "configs", name));
      for (int round = 0; round < rounds; round++) {
        Path file = dir.resolve(round + "-" + name);
        Files.write(file, Mutations.mutate(valid, rnd));
        try {
          assertTimeoutPreemptively(Duration.ofSeconds(10),
              () -> ExperimentConfig.from(HoconFiles.read(file, Map.of()), file.toString()));
          read++;
        } catch (IllegalArgumentException | ConfigException expected) {
          // the reader's own error
        } catch (Throwable t) {
          fail(name + ", round " + round + ": " + t, t);
        }
      }
    }
    assertTrue(read > 0, "some damage (inside a comment, say) leaves a valid experiment");
  }
}
