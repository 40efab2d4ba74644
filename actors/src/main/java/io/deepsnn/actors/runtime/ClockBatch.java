package io.deepsnn.actors.runtime;

import io.deepsnn.network.snn.SimulationResult;
import java.util.HashMap;
import java.util.Map;

/**
 * The clock's view of one image batch: its barrier, the statistics and predictions the tiles
 * report at the checkpoints, the async pacing, and the stall diagnosis in progress.
 */
final class ClockBatch {
  final ClockActor.RunBatch request;
  final TimestepBarrier barrier;
  final TickPacer pacer;
  private final long[][] spikes;
  private final long[][] synapses;
  private final long[][] shortcut;
  private final long[][] hash;
  private final int[][] predictions;
  /** Per image, the timesteps it ran (the last checkpoint unless it exited early). */
  private final int[] imageTimesteps;
  /** When the batch started, and the time from then to the completion of each checkpoint. */
  private final long started = System.nanoTime();
  private final long[] checkpointNanos;
  /** Early exit: the images that exited since the last tick, for the next one. */
  private final java.util.BitSet exitsToAnnounce = new java.util.BitSet();
  private long probeMax = Long.MIN_VALUE;
  long lastProgress = System.nanoTime();
  boolean paceScheduled;
  /** The tiles' answers to a stall's status request, by tile id. */
  final Map<Integer, ClockActor.TileStatus> statuses = new HashMap<>();
  boolean diagnosing;

  ClockBatch(ClockActor.RunBatch r, int tiles, int sinks, int layers, int depth, TickPacer pacer) {
    request = r;
    int[] cps = r.checkpoints();
    barrier = new TimestepBarrier(tiles, sinks, cps, cps[cps.length - 1], depth);
    this.pacer = pacer;
    spikes = new long[cps.length][layers];
    synapses = new long[cps.length][layers];
    shortcut = new long[cps.length][layers];
    hash = new long[cps.length][layers];
    predictions = new int[r.images().size()][cps.length];
    imageTimesteps = new int[r.images().size()];
    checkpointNanos = new long[cps.length];
    java.util.Arrays.fill(imageTimesteps, cps[cps.length - 1]);
  }

  /** The images that exited since the last call, to announce with the next tick (and forget). */
  int[] takeExits() {
    if (exitsToAnnounce.isEmpty()) {
      return TileActor.NO_EXITS;
    }
    int[] e = exitsToAnnounce.stream().toArray();
    exitsToAnnounce.clear();
    return e;
  }

  /**
   * Counts a tile done with a timestep, and adds its statistics and predictions at a checkpoint; a
   * report the barrier does not expect (a tile that is no sink, between checkpoints) is not counted.
   *
   * @return whether timesteps completed with it
   */
  boolean record(ClockActor.TileDone m, boolean sink) {
    ClockActor.TileStats s = m.stats();
    if (s == null && !sink) {
      return false;
    }
    for (int i : m.exits()) {
      if (i < 0 || i >= imageTimesteps.length) {
        throw new IllegalArgumentException("tile " + m.tile() + " reported image " + i + " of image batch "
            + request.batch() + " as exited; the batch has " + imageTimesteps.length);
      }
      exitsToAnnounce.set(i);
      imageTimesteps[i] = m.timestep() + 1;
    }
    if (s != null) {
      int c = checkpointIndex(m.timestep());
      spikes[c][s.layer()] += s.spikes();
      synapses[c][s.layer()] += s.synapses();
      shortcut[c][s.layer()] += s.shortcutSynapses();
      hash[c][s.layer()] += s.hash();
      probeMax = Math.max(probeMax, s.maxInput());
      if (m.predictions() != null) {
        for (int i = 0; i < m.predictions().length; i++) {
          predictions[i][c] = m.predictions()[i];
        }
      }
    }
    int before = barrier.completed();
    boolean progressed = barrier.tileDone(m.timestep());
    if (progressed) {
      long now = System.nanoTime() - started;
      int[] cps = request.checkpoints();
      for (int c = 0; c < cps.length; c++) {
        if (cps[c] - 1 > before && cps[c] - 1 <= barrier.completed()) {
          checkpointNanos[c] = now;
        }
      }
    }
    return progressed;
  }

  /** A probe plan's largest one-timestep input over the batch (fixed point; {@code Long.MIN_VALUE}: none). */
  long probeMax() {
    return probeMax;
  }

  /** The result, once every tile finished the last timestep. */
  SimulationResult result() {
    int n = request.images().size();
    int[] cps = request.checkpoints();
    int[] correct = new int[cps.length];
    int[] labels = new int[n];
    long[] indices = new long[n];
    for (int i = 0; i < n; i++) {
      labels[i] = request.images().get(i).label();
      indices[i] = request.images().get(i).index();
      for (int c = 0; c < cps.length; c++) {
        correct[c] += predictions[i][c] == labels[i] ? 1 : 0;
      }
    }
    return new SimulationResult(cps, n, correct, spikes, synapses, shortcut, predictions, labels, indices,
        hash[cps.length - 1], imageTimesteps.clone(), checkpointNanos.clone());
  }

  private int checkpointIndex(int t) {
    int[] cps = request.checkpoints();
    for (int c = 0; c < cps.length; c++) {
      if (cps[c] == t + 1) {
        return c;
      }
    }
    throw new IllegalArgumentException("timestep " + t + " is no checkpoint of image batch " + request.batch());
  }
}
