package io.deepsnn.runner.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr for long runs, shown only when stderr is a terminal (so that logs and
 * pipes stay clean).
 */
public final class Progress implements AutoCloseable {
  private final ProgressBar bar;

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  /** Starts a bar of {@code total} steps, or a silent one when not on a terminal. */
  public static Progress start(String task, long total) {
    if (System.console() == null || Boolean.getBoolean("deepsnn.noProgress")) {
      return new Progress(null);
    }
    ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build();
    return new Progress(bar);
  }

  /** Advances by {@code n} steps. */
  public void step(int n) {
    if (bar != null) {
      bar.stepBy(n);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
