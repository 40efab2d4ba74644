package io.deepsnn.runner.cli;

import picocli.CommandLine.Option;

/** Options every command takes: worker threads and verbose errors. */
public final class CommonOptions {
  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
  Integer threads;

  @Option(names = "--verbose", description = "Print stack traces on errors (the handler reads it from the arguments).")
  boolean verbose;

  /** The thread count: {@code --threads}, else the number of cores. */
  public int threads() {
    if (threads != null && threads < 1) {
      throw new IllegalArgumentException("--threads must be at least 1");
    }
    return threads != null ? threads : Runtime.getRuntime().availableProcessors();
  }
}
