package io.deepsnn.runner.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code snn experiment}: the timing experiment and the paper's experiments. */
@Command(name = "experiment", mixinStandardHelpOptions = true, description = "Run an experiment.",
    subcommands = {TimingCommand.class, PaperCommand.class})
public final class ExperimentCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name an experiment: timing or paper");
  }
}
