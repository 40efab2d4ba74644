package io.deepsnn.actors.runtime;

import io.deepsnn.network.snn.SimulationResult;
import java.util.HashMap;
import java.util.Map;

/**
 * The clock's view of one image batch: how many tiles finished each timestep, the timesteps ticked
 * and completed, the statistics and predictions the tiles report at the checkpoints, and the stall
 * diagnosis in progress.
 */
final class ClockBatch {
  final ClockActor.RunBatch request;
  final int timesteps;
  /** Tiles done with each timestep. */
  final int[] doneCount;
  final long[][] spikes;
  final long[][] synapses;
  final long[][] shortcut;
  final long[][] hash;
  final int[][] predictions;
  long probeMax = Long.MIN_VALUE;
  /** The last timestep every tile finished; -1 before the first. */
  int completed = -1;
  /** The last timestep the input tiles were ticked for; -1 before the first. */
  int ticked = -1;
  long lastProgress = System.nanoTime();
  final long started = System.nanoTime();
  boolean paceScheduled;
  final Map<Integer, ClockActor.TileStatus> statuses = new HashMap<>();
  boolean diagnosing;

  ClockBatch(ClockActor.RunBatch r, int layers) {
    request = r;
    int[] cps = r.checkpoints();
    timesteps = cps[cps.length - 1];
    doneCount = new int[timesteps];
    spikes = new long[cps.length][layers];
    synapses = new long[cps.length][layers];
    shortcut = new long[cps.length][layers];
    hash = new long[cps.length][layers];
    predictions = new int[r.images().size()][cps.length];
  }

  /** Counts a tile done with a timestep, and adds its statistics and predictions at a checkpoint. */
  void record(ClockActor.TileDone m) {
    doneCount[m.timestep()]++;
    ClockActor.TileStats s = m.stats();
    if (s == null) {
      return;
    }
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
        hash[cps.length - 1]);
  }

  private int checkpointIndex(int t) {
    int[] cps = request.checkpoints();
    for (int c = 0; c < cps.length; c++) {
      if (cps[c] == t + 1) {
        return c;
      }
    }
    return -1;
  }
}
