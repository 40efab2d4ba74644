package io.deepsnn.actors.runtime;

/**
 * The clock's barrier for one image batch: which timesteps every tile has finished, and which
 * timestep the input may be ticked for next. In lockstep (depth 1) the tick of t+1 waits until
 * every tile has finished t; in pipelined timing the input may run up to {@code depth} timesteps
 * ahead of the last completed one (every tile still takes its timesteps whole and in order); in
 * async timing (no barrier) the clock ticks with the same rule and the tiles fire on the ticks.
 *
 * <p>Who reports: a timestep is complete when the tiles expected for it have reported it done —
 * at a checkpoint every tile (with its statistics); otherwise only the sinks, the tiles nobody
 * consumes (the output tile; a Spike-Norm probe layer's tiles). That is enough, because a tile
 * fires t only once every inbound edge has delivered t, and every producer sends its batch of t
 * after firing t: a sink done with t means every tile upstream of it, which is every tile, is.
 */
final class TimestepBarrier {
  private final int[] expected;
  private final int timesteps;
  private final int depth;
  /** Reports of each timestep so far. */
  private final int[] done;
  private int completed = -1;
  private int ticked = -1;

  /** A barrier where every one of {@code tiles} tiles reports every timestep (tests; lockstep as it reads). */
  TimestepBarrier(int tiles, int timesteps, int depth) {
    this(tiles, tiles, new int[0], timesteps, depth);
  }

  /**
   * A barrier over {@code tiles} tiles of which {@code sinks} report every timestep, all of them at
   * the {@code checkpoints} (1-based counts of timesteps done), for {@code timesteps} timesteps,
   * ticking up to {@code depth} ahead.
   */
  TimestepBarrier(int tiles, int sinks, int[] checkpoints, int timesteps, int depth) {
    if (tiles < 1 || sinks < 1 || sinks > tiles || timesteps < 1 || depth < 1) {
      throw new IllegalArgumentException("tiles, sinks, timesteps and depth must be at least 1 (sinks at most tiles)");
    }
    this.timesteps = timesteps;
    this.depth = depth;
    this.done = new int[timesteps];
    this.expected = new int[timesteps];
    java.util.Arrays.fill(expected, sinks);
    for (int c : checkpoints) {
      if (c >= 1 && c <= timesteps) {
        expected[c - 1] = tiles;
      }
    }
  }

  /**
   * A tile reported timestep {@code t} done.
   *
   * @return whether this completed one or more timesteps (every tile has finished them)
   */
  boolean tileDone(int t) {
    done[t]++;
    boolean progressed = false;
    while (completed + 1 < timesteps && done[completed + 1] == expected[completed + 1]) {
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
