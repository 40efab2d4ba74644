package io.deepsnn.runner.cli;

import picocli.CommandLine.Option;

/** Options every command takes: worker threads and verbose errors. */
public final class CommonOptions {
  @Option(names = "--threads", paramLabel = "N",
      description = "Worker threads; 0 = all cores, as threads = 0 in a HOCON experiment (default: all cores).")
  Integer threads;

  @Option(names = "--verbose", description = "Print stack traces on errors (the handler reads it from the arguments).")
  boolean verbose;

  /** The thread count: {@code --threads}, else (or for 0) the number of cores. */
  public int threads() {
    if (threads != null && threads < 0) {
      throw new IllegalArgumentException("--threads must be 0 (all cores) or more, not " + threads);
    }
    return threads != null && threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
  }
}
