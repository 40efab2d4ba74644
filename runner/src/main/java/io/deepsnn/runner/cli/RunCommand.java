package io.deepsnn.runner.cli;

import com.typesafe.config.Config;
import io.deepsnn.runner.pipeline.Experiment;
import io.deepsnn.runner.pipeline.ExperimentConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
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
    OutputPaths.folder(outDir, "--out");
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("deepsnn.experiment.out", outDir == null ? null : outDir.toString());
    overrides.put("deepsnn.experiment.threads", common.threads == null ? null : common.threads());
    Config resolved = HoconFiles.read(file, overrides);
    ExperimentConfig cfg = ExperimentConfig.from(resolved, file.toString());
    Experiment.run(cfg, "snn run " + file, spec.commandLine().getOut());
    return 0;
  }
}
