package io.deepsnn.actors.runtime;

import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.Thresholds;

/**
 * What one deployment of tiles runs, sent by the coordinator to every node with the tiles to
 * spawn: thresholds, simulation options, the runtime settings that shape the tiles, and the plan
 * (the whole network, or the prefix up to a Spike-Norm probe layer). The network itself each node
 * already holds, so a node needs nothing but the network file.
 *
 * @param thresholds every layer's threshold (NaN where not set yet)
 * @param options reset, readout, input scale, Poisson seed
 * @param probeLayer {@link NodeNetwork#WHOLE}, or the Spike-Norm probe layer
 * @param settings the coordinator's runtime settings: nodes take its tiling, timing, pipeline depth,
 *     injected delays and async tick, and keep their own threads
 */
public record Deployment(Thresholds thresholds, SimulationOptions options, int probeLayer, ActorSettings settings) {
  /** Refuses early exit with other timing than lockstep ({@link ClockActor#requireLockstepForEarlyExit}). */
  public Deployment {
    ClockActor.requireLockstepForEarlyExit(options, settings);
  }

  /** The prefix of the network up to {@code probeLayer}, whose tiles are Spike-Norm probes. */
  public static Deployment probe(Thresholds thresholds, SimulationOptions options, int probeLayer,
                                 ActorSettings settings) {
    if (probeLayer < 1) {
      throw new IllegalArgumentException("no probe layer " + probeLayer);
    }
    return new Deployment(thresholds, options, probeLayer, settings);
  }

  /** The whole network. */
  public static Deployment whole(Thresholds thresholds, SimulationOptions options, ActorSettings settings) {
    return new Deployment(thresholds, options, NodeNetwork.WHOLE, settings);
  }

  /** A node's settings for this deployment: {@code own} with the coordinator's tiling and timing. */
  public ActorSettings on(ActorSettings own) {
    return own.withTiling(settings.tiling()).withTiming(settings.timing()).withPipelineDepth(settings.pipelineDepth())
        .withDelay(settings.delay()).withTickInterval(settings.tickInterval());
  }
}
