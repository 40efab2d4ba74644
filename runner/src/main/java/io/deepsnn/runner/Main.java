package io.deepsnn.runner;

import com.typesafe.config.ConfigFactory;
import io.deepsnn.runner.cli.BenchCommand;
import io.deepsnn.runner.cli.ConfigDefaults;
import io.deepsnn.runner.cli.ConvertCommand;
import io.deepsnn.runner.cli.ExportNirCommand;
import io.deepsnn.runner.cli.DemoCommand;
import io.deepsnn.runner.cli.EvalAnnCommand;
import io.deepsnn.runner.cli.ExperimentCommand;
import io.deepsnn.runner.cli.InfoCommand;
import io.deepsnn.runner.cli.KeysCommand;
import io.deepsnn.runner.cli.NodeCommand;
import io.deepsnn.runner.cli.RunCommand;
import io.deepsnn.runner.cli.SimulateCommand;
import io.deepsnn.runner.cli.SoakCommand;
import io.deepsnn.runner.cli.ErrorHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/snn}: the DeepSNN command line. */
@Command(name = "snn", mixinStandardHelpOptions = true, version = "DeepSNN 0.1.0",
    description = "Convert trained ANNs (ONNX) into spiking networks and simulate them.",
    subcommands = {DemoCommand.class, InfoCommand.class, EvalAnnCommand.class, ConvertCommand.class,
        SimulateCommand.class, ExportNirCommand.class, NodeCommand.class, KeysCommand.class, RunCommand.class, ExperimentCommand.class, BenchCommand.class, SoakCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  @Override
  public void run() {
    commandLine().usage(System.out);
  }

  /** The command line with the project's error handling installed. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    // Every option's default comes from the configuration (deepsnn.cli in reference.conf).
    cl.setDefaultValueProvider(new ConfigDefaults(ConfigFactory.load()));
    ErrorHandler handler = new ErrorHandler();
    cl.setExecutionExceptionHandler(handler);
    cl.setParameterExceptionHandler(handler);
    return cl;
  }

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    // Initialise logging on this thread before any actor system starts logging from others.
    org.slf4j.LoggerFactory.getLogger(Main.class);
    System.exit(commandLine().execute(args));
  }
}
