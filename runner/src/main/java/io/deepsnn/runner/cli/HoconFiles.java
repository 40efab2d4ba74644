package io.deepsnn.runner.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Reads an experiment's HOCON file the way {@code run} and {@code experiment paper} both need. */
final class HoconFiles {
  private HoconFiles() {
  }

  /**
   * Parses {@code file}, sets the {@code overrides} (path → value; null values are skipped), falls
   * back to the reference defaults and resolves.
   *
   * @throws IllegalArgumentException naming the file when it does not exist, or naming the file and
 *     the key when a key under {@code deepsnn} is unknown (with the closest valid name)
   */
  static Config read(Path file, Map<String, Object> overrides) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + ": no such config file");
    }
    Config parsed = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    Config reference = ConfigFactory.defaultReference();
    ConfigKeys.check(parsed, reference, file.toString());
    for (Map.Entry<String, Object> e : overrides.entrySet()) {
      if (e.getValue() != null) {
        parsed = parsed.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
      }
    }
    return parsed.withFallback(reference).resolve();
  }
}
