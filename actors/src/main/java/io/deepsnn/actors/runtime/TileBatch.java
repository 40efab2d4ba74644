package io.deepsnn.actors.runtime;

import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.TileStep;
import io.deepsnn.network.snn.TileSteps;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a tile holds for one image batch: per image, the {@link TileStep} of its rows (membranes,
 * or the input's encoder, with the counters); the timestep being integrated and which inbound
 * edges have delivered it; batches of later timesteps that came early; and where the reports at
 * the checkpoints stand.
 */
final class TileBatch {
  final int id;
  final long[] indices;
  final int[] checkpoints;
  /** One step per image. */
  final TileStep[] steps;
  /** Spike batches of timesteps after {@link #current}, by timestep (pipelined timing). */
  final Map<Integer, List<TileActor.SpikeBatch>> early = new HashMap<>();
  /** Which inbound edges (by local index) delivered {@link #current}. */
  final boolean[] receivedForCurrent;
  /** The timestep being integrated. */
  int current;
  /** How many inbound edges delivered {@link #current}. */
  int received;
  int nextCheckpoint;

  TileBatch(TileActor.StartBatch m, TileActor.Wiring w, TileSteps factory, int inboundEdges) {
    id = m.batch();
    indices = m.indices();
    checkpoints = m.checkpoints();
    int n = indices.length;
    receivedForCurrent = new boolean[inboundEdges];
    steps = new TileStep[n];
    for (int i = 0; i < n; i++) {
      SnnInput in = new SnnInput(indices[i], m.labels()[i], m.x() == null ? null : m.x()[i]);
      steps[i] = factory.create(w.tile().layer(), w.tile().rowFrom(), w.tile().rowTo(), in);
    }
  }
}
