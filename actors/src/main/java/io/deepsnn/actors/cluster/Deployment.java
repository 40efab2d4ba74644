package io.deepsnn.actors.cluster;

import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.Thresholds;

/**
 * What one deployment of tiles runs, sent by the coordinator to every node with the tiles to
 * spawn: the thresholds, the simulation options, and the plan (the whole network, or the prefix
 * up to a Spike-Norm probe layer). The network itself each node already holds.
 *
 * @param thresholds every layer's threshold (NaN where not set yet)
 * @param options reset, readout, input scale, Poisson seed
 * @param probeLayer {@link NodeNetwork#WHOLE}, or the Spike-Norm probe layer
 */
public record Deployment(Thresholds thresholds, SimulationOptions options, int probeLayer) {
  /** The whole network. */
  public static Deployment whole(Thresholds thresholds, SimulationOptions options) {
    return new Deployment(thresholds, options, NodeNetwork.WHOLE);
  }
}
