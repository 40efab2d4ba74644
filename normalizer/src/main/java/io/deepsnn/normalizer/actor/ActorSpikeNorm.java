package io.deepsnn.normalizer.actor;

import io.deepsnn.actors.ActorRuntime;
import io.deepsnn.actors.cluster.ClusterSettings;
import io.deepsnn.actors.runtime.ActorRuntimeException;
import io.deepsnn.actors.runtime.ActorSettings;
import io.deepsnn.actors.runtime.NodeNetwork;
import io.deepsnn.actors.runtime.RuntimeSession;
import io.deepsnn.network.convert.LayerThreshold;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.normalizer.Balancing;
import io.deepsnn.normalizer.ResidualPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/** Runs Spike-Norm through a {@link NormalizerActor} on the actor runtime, blocking. */
public final class ActorSpikeNorm {
  private static final AtomicInteger CALIBRATIONS = new AtomicInteger();

  private ActorSpikeNorm() {
  }

  /** Spike-Norm on a one-node actor runtime; the same thresholds as the sequential balancer. */
  public static Balancing balance(SpikingNetwork net, List<SnnInput> calibration, int timesteps,
                                  SimulationOptions options, ResidualPolicy policy, ActorSettings settings) {
    return balance(net, calibration, timesteps, options, policy, settings, (ClusterSettings) null);
  }

  /**
   * Spike-Norm with each layer's tiles spread over the cluster nodes {@code cluster} asks for:
   * started in this JVM, or (with {@code listen}) joining this coordinator from other machines;
   * null or one node: one actor system.
   */
  public static Balancing balance(SpikingNetwork net, List<SnnInput> calibration, int timesteps,
                                  SimulationOptions options, ResidualPolicy policy, ActorSettings settings,
                                  ClusterSettings cluster) {
    try (RuntimeSession session = ActorRuntime.open(new NodeNetwork(net, settings), cluster)) {
      return balance(net, calibration, timesteps, options, policy, settings, session, l -> { });
    }
  }

  /** Spike-Norm on {@code session}; {@code progress} hears each layer as its threshold is set. */
  public static Balancing balance(SpikingNetwork net, List<SnnInput> calibration, int timesteps,
                                  SimulationOptions options, ResidualPolicy policy, ActorSettings settings,
                                  RuntimeSession session, Consumer<LayerThreshold> progress) {
    ActorProbe probe = new ActorProbe(session, calibration, timesteps, options, settings);
    ActorRef<NormalizerActor.Command> normalizer = session.spawn(NormalizerActor.create(),
        "spike-norm-" + CALIBRATIONS.getAndIncrement());
    try {
      NormalizerActor.Calibrated c = AskPattern.<NormalizerActor.Command, NormalizerActor.Calibrated>ask(normalizer,
              reply -> new NormalizerActor.Calibrate(net, policy, options.inputScale(), probe, progress, reply),
              // Generous, within the scheduler's limit (about 24 days at its 1 ms tick).
              Duration.ofDays(20), session.system().scheduler())
          .toCompletableFuture().get(365, TimeUnit.DAYS);
      if (c.failure() != null) {
        throw new ActorRuntimeException(c.failure());
      }
      return c.balancing();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ActorRuntimeException("interrupted");
    } catch (ExecutionException | TimeoutException e) {
      throw new ActorRuntimeException("the normalizer actor did not answer: " + e.getMessage());
    }
  }
}
