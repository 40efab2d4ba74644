package io.deepsnn.normalizer.actor;

import io.deepsnn.actors.runtime.ActorSettings;
import io.deepsnn.actors.runtime.ActorSimulator;
import io.deepsnn.actors.runtime.Deployment;
import io.deepsnn.actors.runtime.RuntimeSession;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.Thresholds;
import io.deepsnn.normalizer.SpikeNorm;
import java.util.ArrayList;
import java.util.List;

/**
 * Spike-Norm's measurement on the actor runtime: each layer is a deployment of the network's
 * prefix up to it on the session — its tiles there are probes — through which the calibration
 * images run. Over cluster nodes a lost node fails over like any run (the image batches it held
 * run again on the nodes up, with the same maximum), and the layer's note says so; so does the
 * note of a layer measured after a node was lost between two layers.
 */
public final class ActorProbe implements SpikeNorm.Probe {
  private final RuntimeSession session;
  private final List<SnnInput> images;
  private final int timesteps;
  private final SimulationOptions options;
  private final ActorSettings settings;
  /** The session's lost nodes already noted on a layer. */
  private int lossesNoted;

  /** A probe on {@code session}, of {@code images} for {@code timesteps} steps, with {@code options} and {@code settings}. */
  public ActorProbe(RuntimeSession session, List<SnnInput> images, int timesteps, SimulationOptions options,
                    ActorSettings settings) {
    SpikeNorm.checkCalibration(images, timesteps);
    this.session = session;
    this.images = List.copyOf(images);
    this.timesteps = timesteps;
    this.options = options;
    this.settings = settings;
  }

  @Override
  public SpikeNorm.Measurement maxInput(Thresholds thresholds, int layer) {
    long max;
    List<String> failovers;
    try (ActorSimulator sim = session.deploy(Deployment.probe(thresholds, options, layer, settings)).simulator()) {
      max = sim.maxInput(images, timesteps);
      failovers = sim.failovers();
    }
    List<String> lost = session.lostNodes();
    List<String> why = new ArrayList<>(failovers);
    if (failovers.isEmpty()) {
      why.addAll(lost.subList(Math.min(lossesNoted, lost.size()), lost.size()));
    }
    lossesNoted = lost.size();
    return new SpikeNorm.Measurement(max, why.isEmpty() ? "" : "measured again on the nodes up: " + String.join("; ", why));
  }
}
