package io.deepsnn.runner.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one clear line on stderr and a non-zero exit status: 2 for bad
 * arguments, 1 for bad files or failed runs. The stack trace is printed only with
 * {@code --verbose}.
 */
public final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("snn: " + ex.getMessage());
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
    err.flush();
    return 2;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parse) {
    PrintWriter err = cmd.getErr();
    boolean verbose = Arrays.asList(parse.originalArgs().toArray(new String[0])).contains("--verbose");
    if (verbose) {
      ex.printStackTrace(err);
    }
    err.println("snn: " + describe(ex));
    err.flush();
    return ex instanceof IllegalArgumentException || ex instanceof ParameterException ? 2 : 1;
  }

  /** The exception's message, or its type when it has none. */
  static String describe(Throwable ex) {
    String msg = ex.getMessage();
    if (msg == null || msg.isBlank()) {
      return ex.getClass().getSimpleName() + (ex.getCause() != null ? ": " + describe(ex.getCause()) : "");
    }
    return msg;
  }
}
