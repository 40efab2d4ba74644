package io.deepsnn.actors.runtime;

/**
 * The clock's barrier for one image batch: which timesteps every tile has finished, and which
 * timestep the input may be ticked for next. In lockstep (depth 1) the tick of t+1 waits until
 * every tile has finished t; in pipelined timing the input may run up to {@code depth} timesteps
 * ahead of the last completed one (every tile still takes its timesteps whole and in order); in
 * async timing (no barrier) the clock ticks with the same rule and the tiles fire on the ticks.
 */
final class TimestepBarrier {
  private final int tiles;
  private final int timesteps;
  private final int depth;
  /** Tiles done with each timestep. */
  private final int[] done;
  private int completed = -1;
  private int ticked = -1;

  /** A barrier over {@code tiles} tiles for {@code timesteps} timesteps, ticking up to {@code depth} ahead. */
  TimestepBarrier(int tiles, int timesteps, int depth) {
    if (tiles < 1 || timesteps < 1 || depth < 1) {
      throw new IllegalArgumentException("tiles, timesteps and depth must be at least 1");
    }
    this.tiles = tiles;
    this.timesteps = timesteps;
    this.depth = depth;
    this.done = new int[timesteps];
  }

  /**
   * A tile finished timestep {@code t}.
   *
   * @return whether this completed one or more timesteps (every tile has finished them)
   */
  boolean tileDone(int t) {
    done[t]++;
    boolean progressed = false;
    while (completed + 1 < timesteps && done[completed + 1] == tiles) {
      completed++;
      progressed = true;
    }
    return progressed;
  }

  /** The next timestep the input may be ticked for now, or -1 when it must wait (or all are ticked). */
  int nextTick() {
    int t = ticked + 1;
    return t < timesteps && t <= completed + depth ? t : -1;
  }

  /** Records that timestep {@code t} (from {@link #nextTick()}) was ticked. */
  void ticked(int t) {
    if (t != ticked + 1) {
      throw new IllegalStateException("timestep " + t + " ticked out of order (after " + ticked + ")");
    }
    ticked = t;
  }

  /** The last timestep every tile finished; -1 before the first. */
  int completed() {
    return completed;
  }

  /** Whether every tile has finished the last timestep. */
  boolean finished() {
    return completed == timesteps - 1;
  }

  /** The number of timesteps. */
  int timesteps() {
    return timesteps;
  }
}
