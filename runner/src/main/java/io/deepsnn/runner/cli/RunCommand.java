package io.deepsnn.runner.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.deepsnn.runner.pipeline.Experiment;
import io.deepsnn.runner.pipeline.ExperimentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code snn run FILE.conf}: an experiment described in HOCON. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the convert-and-simulate pipeline described in a HOCON file (see configs/ and the runner's "
        + "reference.conf for every key).")
public final class RunCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE.conf", description = "The experiment description.")
  Path file;

  @Option(names = "--out", paramLabel = "DIR", description = "Override the output folder.")
  Path outDir;


  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + ": no such config file");
    }
    Config parsed = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    if (outDir != null) {
      parsed = ConfigFactory.parseString("deepsnn.experiment.out = \"" + outDir.toString().replace("\\", "\\\\")
          .replace("\"", "\\\"") + "\"").withFallback(parsed);
    }
    if (common.threads != null) {
      parsed = ConfigFactory.parseString("deepsnn.experiment.threads = " + common.threads()).withFallback(parsed);
    }
    Config resolved = parsed.withFallback(ConfigFactory.defaultReference()).resolve();
    ExperimentConfig cfg = ExperimentConfig.from(resolved, file.toString());
    Experiment.run(cfg, "snn run " + file, spec.commandLine().getOut());
    return 0;
  }
}
