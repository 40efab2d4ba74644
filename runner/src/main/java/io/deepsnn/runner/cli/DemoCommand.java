package io.deepsnn.runner.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.deepsnn.runner.pipeline.Experiment;
import io.deepsnn.runner.pipeline.ExperimentConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code snn demo}: the bundled default, with no arguments — converts the bundled Fashion-MNIST
 * net with data-max and Spike-Norm, simulates both on the 1,000 bundled test images and writes
 * the report and plots to {@code ./snn-demo/}. It is {@code configs/demo.conf}, bundled.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Convert the bundled Fashion-MNIST net with data-max and Spike-Norm, simulate both on the 1,000 "
        + "bundled test images, print the comparison and write report and plots to ./snn-demo/.")
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--out", paramLabel = "DIR",
      description = "Output folder (default: ${DEFAULT-VALUE}).")
  Path outDir;



  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Config demo = ConfigFactory.parseResources("demo.conf");
    if (demo.isEmpty()) {
      throw new IllegalStateException("the bundled demo.conf is missing from the runner jar");
    }
    Config overrides = ConfigFactory.parseString("deepsnn.experiment { out = \""
        + outDir.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\", threads = " + common.threads() + " }");
    Config resolved = overrides.withFallback(demo).withFallback(ConfigFactory.defaultReference()).resolve();
    Experiment.run(ExperimentConfig.from(resolved, "demo.conf"), "snn demo", spec.commandLine().getOut());
    return 0;
  }
}
