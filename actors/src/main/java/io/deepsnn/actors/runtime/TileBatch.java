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
  /** Early exit: the images no step runs any more. */
  private final boolean[] exited;
  /** Early exit: exits received for the next timestep this tile fires, applied when it fires. */
  private final java.util.BitSet arriving = new java.util.BitSet();
  /** The exits applied at the last {@link #step}: passed on with its spikes. */
  private int[] applied = TileActor.NO_EXITS;
  /** Output tile: the images its early-exit rule stopped at the last {@link #step}. */
  private int[] decided = TileActor.NO_EXITS;
  private static final int[] NO_SPIKES = new int[0];

  TileBatch(TileActor.StartBatch m, TileActor.Wiring w, int inboundEdges) {
    id = m.batch();
    checkpoints = m.checkpoints();
    gate = new TimestepGate<>(inboundEdges);
    steps = new TileStep[m.indices().length];
    exited = new boolean[steps.length];
    for (int i = 0; i < steps.length; i++) {
      SnnInput in = new SnnInput(m.indices()[i], m.labels()[i], m.x() == null ? null : m.x()[i]);
      steps[i] = w.steps().create(w.tile().layer(), w.tile().rowFrom(), w.tile().rowTo(), in);
    }
  }

  /**
   * Early exit: {@code exits} (images of this batch) stop from the next timestep this tile fires.
   * The same list arrives on every inbound edge; taking it more than once changes nothing.
   */
  void exitsArrived(int[] exits) {
    for (int i : exits) {
      if (i >= 0 && i < exited.length) {
        arriving.set(i);
      }
    }
  }

  /**
   * Runs timestep {@code t} of every image still running (an exited one fires nothing); their
   * spikes, copied (they travel on).
   */
  int[][] step(int t) {
    applied = arriving.isEmpty() ? TileActor.NO_EXITS : arriving.stream().toArray();
    for (int i : applied) {
      exited[i] = true;
    }
    arriving.clear();
    int[][] fired = new int[steps.length][];
    int decidedNow = 0;
    for (int i = 0; i < fired.length; i++) {
      if (exited[i]) {
        fired[i] = NO_SPIKES;
        continue;
      }
      int n = steps[i].step(t);
      fired[i] = Arrays.copyOf(steps[i].spikes(), n);
      if (steps[i] instanceof OutputStep o && o.exitedAfter() == t) {
        decidedNow++;
      }
    }
    decided = TileActor.NO_EXITS;
    if (decidedNow > 0) {
      decided = new int[decidedNow];
      int k = 0;
      for (int i = 0; i < steps.length; i++) {
        if (!exited[i] && ((OutputStep) steps[i]).exitedAfter() == t) {
          decided[k++] = i;
          exited[i] = true;
        }
      }
    }
    return fired;
  }

  /** The exits applied at the last step, to pass on with its spikes. */
  int[] appliedExits() {
    return applied;
  }

  /**
   * The report that timestep {@code t} is done: from a sink every timestep, from every tile at a
   * checkpoint, then with the tile's cumulative statistics and, in the output layer, the images'
   * predictions (see {@link TimestepBarrier} for why that is enough); null when there is none.
   */
  ClockActor.TileDone done(int tile, int layer, int t, boolean sink) {
    if (nextCheckpoint >= checkpoints.length || t + 1 != checkpoints[nextCheckpoint]) {
      return sink ? new ClockActor.TileDone(id, t, tile, null, null, decided) : null;
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
        maxInput), predictions, decided);
  }
}
