package io.deepsnn.actors.runtime;

import io.deepsnn.network.snn.InputEncoder;
import io.deepsnn.network.snn.LayerTile;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingLayer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a tile holds for one image batch: per image, the membranes of its rows (a
 * {@link LayerTile}) or, in the input layer, the Poisson encoder; the timestep being integrated and
 * which inbound edges have delivered it; batches of later timesteps that came early; the output
 * layer's spike counts; and the statistics reported at the checkpoints.
 */
final class TileBatch {
  final int id;
  final long[] indices;
  final int[] checkpoints;
  /** Membranes per image; null in the input layer. */
  final LayerTile[] tiles;
  /** Poisson encoders per image; null except in the input layer. */
  final InputEncoder[] encoders;
  /** Output spike counts per image and class; null except in the output layer. */
  final long[][] outputCounts;
  /** Spike batches of timesteps after {@link #current}, by timestep (pipelined timing). */
  final Map<Integer, List<TileActor.SpikeBatch>> early = new HashMap<>();
  /** Which inbound edges (by local index) delivered {@link #current}. */
  final boolean[] receivedForCurrent;
  /** The timestep being integrated. */
  int current;
  /** How many inbound edges delivered {@link #current}. */
  int received;
  int nextCheckpoint;
  long spikes;
  long hash;
  /** A probe tile's largest one-timestep input so far (fixed point). */
  long maxInput = Long.MIN_VALUE;

  TileBatch(TileActor.StartBatch m, TileActor.Wiring w, SpikingLayer layer, int inboundEdges) {
    id = m.batch();
    indices = m.indices();
    checkpoints = m.checkpoints();
    int n = indices.length;
    boolean isInput = layer.role() == SpikingLayer.Role.INPUT;
    tiles = isInput ? null : new LayerTile[n];
    encoders = isInput ? new InputEncoder[n] : null;
    outputCounts = layer.role() == SpikingLayer.Role.OUTPUT ? new long[n][layer.neurons()] : null;
    receivedForCurrent = new boolean[inboundEdges];
    SimulationOptions o = w.options();
    int rowFrom = w.tile().rowFrom();
    int rowTo = w.tile().rowTo();
    for (int i = 0; i < n; i++) {
      if (isInput) {
        SnnInput in = new SnnInput(indices[i], m.labels()[i], m.x()[i]);
        encoders[i] = new InputEncoder(layer.shape(), in, o.inputScale(), o.seed(), rowFrom, rowTo);
      } else {
        tiles[i] = new LayerTile(layer, rowFrom, rowTo, w.threshold(), o.reset());
        tiles[i].beginStep();
      }
    }
  }
}
