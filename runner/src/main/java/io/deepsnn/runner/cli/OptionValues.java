package io.deepsnn.runner.cli;

import java.util.function.Supplier;

/** Parses an option's value so that an error names the option (issue 18: "naming the option"). */
final class OptionValues {
  private OptionValues() {
  }

  /** {@code parse.get()}, an {@link IllegalArgumentException} prefixed with {@code option}. */
  static <T> T named(String option, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      String msg = e.getMessage() == null ? "invalid value" : e.getMessage();
      throw new IllegalArgumentException(msg.startsWith(option) ? msg : option + ": " + msg, e);
    }
  }

  /** Whether {@code option} was given on the command line of {@code spec} (not a default). */
  static boolean given(picocli.CommandLine.Model.CommandSpec spec, String option) {
    if (spec == null || spec.commandLine() == null) {
      return false;
    }
    var parsed = spec.commandLine().getParseResult();
    return parsed != null && parsed.hasMatchedOption(option);
  }
}
