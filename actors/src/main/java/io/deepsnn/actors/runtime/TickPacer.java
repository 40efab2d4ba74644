package io.deepsnn.actors.runtime;

import java.time.Duration;

/**
 * Async timing's wall clock: timestep t of an image batch is not ticked before {@code t} tick
 * intervals after the batch started, so that injected delays translate into timesteps. A zero
 * interval ticks as fast as the tiles go.
 */
final class TickPacer {
  private final long intervalNanos;
  private final long startNanos;

  /** A pacer of {@code interval} per timestep, from {@code startNanos} ({@link System#nanoTime()}). */
  TickPacer(Duration interval, long startNanos) {
    this.intervalNanos = interval.toNanos();
    this.startNanos = startNanos;
  }

  /** How long to wait, at {@code nowNanos}, before timestep {@code t} is due; zero when it is. */
  Duration untilDue(int t, long nowNanos) {
    if (intervalNanos == 0) {
      return Duration.ZERO;
    }
    long w = startNanos + t * intervalNanos - nowNanos;
    return w > 0 ? Duration.ofNanos(w) : Duration.ZERO;
  }
}
