package io.deepsnn.runner;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.deepsnn.runner.paper.PaperConfig;
import io.deepsnn.runner.pipeline.ExperimentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shipped config parses, with the reference defaults, into a complete experiment or paper run. */
class ConfigsTest {
  static Stream<Path> configs() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("../configs"))) {
      List<Path> l = s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
      assertFalse(l.isEmpty());
      return l.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("configs")
  void parses(Path conf) {
    Config parsed = ConfigFactory.parseFile(conf.toFile());
    Config resolved = parsed.withFallback(ConfigFactory.defaultReference()).resolve();
    if (parsed.hasPath("deepsnn.paper")) {
      PaperConfig p = PaperConfig.from(resolved, conf.toString());
      assertFalse(p.models().isEmpty());
      assertTrue(p.seeds().size() >= 5 && p.timesteps()[p.timesteps().length - 1] == 2500);
      return;
    }
    ExperimentConfig c = ExperimentConfig.from(resolved, conf.toString());
    assertFalse(c.conversions().isEmpty());
    assertTrue(c.timesteps().length > 0 && c.timesteps()[0] > 0);
    c.actors(2);
  }
}
