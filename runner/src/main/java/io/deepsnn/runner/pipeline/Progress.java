package io.deepsnn.runner.pipeline;

import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long run on stderr: a progress bar on a terminal; elsewhere (logs, pipes, CI) a
 * plain line at every tenth of the way for runs of at least {@value #QUIET_BELOW} steps, so that a
 * multi-hour experiment in the background still says how far it is.
 */
public final class Progress implements AutoCloseable {
  static final int QUIET_BELOW = 1000;

  private final ProgressBar bar;
  private final String task;
  private final long total;
  private final long start = System.nanoTime();
  private final PrintStream log;
  private long done;
  private long base;
  private int tenths;

  private Progress(ProgressBar bar, String task, long total, PrintStream log) {
    this.bar = bar;
    this.task = task;
    this.total = total;
    this.log = log;
  }

  /** Starts a bar of {@code total} steps. */
  public static Progress start(String task, long total) {
    if (Boolean.getBoolean("deepsnn.noProgress")) {
      return new Progress(null, task, total, null);
    }
    if (System.console() == null) {
      return new Progress(null, task, total, total >= QUIET_BELOW ? System.err : null);
    }
    ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build();
    return new Progress(bar, task, total, null);
  }

  /**
   * Starts at step {@code n} (a resumed run): those steps count as done, but not towards the
   * speed the time left is estimated from.
   */
  public synchronized void resumeAt(long n) {
    done = n;
    base = n;
    tenths = total > 0 ? (int) (10 * n / total) : 0;
    if (bar != null) {
      bar.stepTo(n);
    }
  }

  /** Advances by {@code n} steps. */
  public synchronized void step(int n) {
    done += n;
    if (bar != null) {
      bar.stepBy(n);
    } else if (log != null && total > 0) {
      int now = (int) (10 * done / total);
      if (now > tenths) {
        tenths = now;
        double elapsed = (System.nanoTime() - start) / 1e9;
        double eta = done == base ? 0 : elapsed * (total - done) / (done - base);
        log.printf("%s: %d%% (%d/%d) after %.0f s, about %.0f s to go%n", task, 10 * now, done, total, elapsed, eta);
        log.flush();
      }
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
