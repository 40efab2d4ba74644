package io.deepsnn.actors.runtime;

import io.deepsnn.network.snn.OutputStep;
import io.deepsnn.network.snn.ProbeStep;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.TileStep;
import java.util.Arrays;

/**
 * What a tile holds for one image batch: per image, the {@code TileStep} of its rows (membranes,
 * or the input's encoder, with the counters), the gate that says when a timestep is complete, and
 * how far the reports at the checkpoints have got.
 */
final class TileBatch {
  final int id;
  /** One step per image. */
  final TileStep[] steps;
  /** Lockstep and pipelined timing: when the next timestep may fire. */
  final TimestepGate<TileActor.SpikeBatch> gate;
  /** Async timing: the timestep the tile fires next. */
  int asyncNext;
  private final int[] checkpoints;
  private int nextCheckpoint;

  TileBatch(TileActor.StartBatch m, TileActor.Wiring w, int inboundEdges) {
    id = m.batch();
    checkpoints = m.checkpoints();
    gate = new TimestepGate<>(inboundEdges);
    steps = new TileStep[m.indices().length];
    for (int i = 0; i < steps.length; i++) {
      SnnInput in = new SnnInput(m.indices()[i], m.labels()[i], m.x() == null ? null : m.x()[i]);
      steps[i] = w.steps().create(w.tile().layer(), w.tile().rowFrom(), w.tile().rowTo(), in);
    }
  }

  /** Runs timestep {@code t} of every image; their spikes, copied (they travel on). */
  int[][] step(int t) {
    int[][] fired = new int[steps.length][];
    for (int i = 0; i < fired.length; i++) {
      int n = steps[i].step(t);
      fired[i] = Arrays.copyOf(steps[i].spikes(), n);
    }
    return fired;
  }

  /**
   * The report that timestep {@code t} is done: from a sink every timestep, from every tile at a
   * checkpoint, then with the tile's cumulative statistics and, in the output layer, the images'
   * predictions (see {@link TimestepBarrier} for why that is enough); null when there is none.
   */
  ClockActor.TileDone done(int tile, int layer, int t, boolean sink) {
    if (nextCheckpoint >= checkpoints.length || t + 1 != checkpoints[nextCheckpoint]) {
      return sink ? new ClockActor.TileDone(id, t, tile, null, null) : null;
    }
    nextCheckpoint++;
    long spikes = 0;
    long synapses = 0;
    long shortcut = 0;
    long hash = 0;
    long maxInput = Long.MIN_VALUE;
    for (TileStep step : steps) {
      spikes += step.emitted();
      synapses += step.synapses();
      shortcut += step.shortcutSynapses();
      hash += step.hash();
      if (step instanceof ProbeStep p) {
        maxInput = Math.max(maxInput, p.maxInput());
      }
    }
    int[] predictions = null;
    if (steps.length > 0 && steps[0] instanceof OutputStep) {
      predictions = new int[steps.length];
      for (int i = 0; i < predictions.length; i++) {
        predictions[i] = ((OutputStep) steps[i]).predict();
      }
    }
    return new ClockActor.TileDone(id, t, tile, new ClockActor.TileStats(layer, spikes, synapses, shortcut, hash,
        maxInput), predictions);
  }
}
