package io.deepsnn.normalizer.actor;

import com.typesafe.config.ConfigFactory;
import io.deepsnn.actors.cluster.ClusterNodes;
import io.deepsnn.actors.cluster.ClusterSettings;
import io.deepsnn.actors.cluster.NodeNetwork;
import io.deepsnn.actors.runtime.ActorRuntimeException;
import io.deepsnn.actors.runtime.ActorSettings;
import io.deepsnn.actors.runtime.ActorSimulator;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.normalizer.Balancing;
import io.deepsnn.normalizer.ResidualPolicy;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/** Runs Spike-Norm through a {@link NormalizerActor} in an actor system of its own, blocking. */
public final class ActorSpikeNorm {
  private ActorSpikeNorm() {
  }

  /** Spike-Norm on the actor runtime; the same thresholds as the sequential balancer. */
  public static Balancing balance(SpikingNetwork net, List<SnnInput> calibration, int timesteps,
                                  SimulationOptions options, ResidualPolicy policy, ActorSettings settings) {
    return balance(net, calibration, timesteps, options, policy, settings, null);
  }

  /**
   * Spike-Norm on the actor runtime, each layer's tiles spread over the cluster nodes
   * {@code cluster} asks for: started in this JVM, or (with {@code listen}) joining this
   * coordinator from other machines; null or one node: a local actor system.
   */
  public static Balancing balance(SpikingNetwork net, List<SnnInput> calibration, int timesteps,
                                  SimulationOptions options, ResidualPolicy policy, ActorSettings settings,
                                  ClusterSettings cluster) {
    ActorSystem<NormalizerActor.Command> system;
    Runnable stopOthers = () -> { };
    if (cluster == null || cluster.nodes() == 1) {
      system = ActorSystem.create(NormalizerActor.create(), "spike-norm",
          ActorSimulator.systemConfig(settings, ConfigFactory.empty()));
    } else {
      NodeNetwork network = new NodeNetwork(net, settings);
      ClusterNodes.Nodes<NormalizerActor.Command> nodes = cluster.listen() == null
          ? ClusterNodes.inThisJvm(network, Collections.nCopies(cluster.nodes() - 1, network), NormalizerActor.create())
          : ClusterNodes.listening(network, NormalizerActor.create(), cluster.listen().host(), cluster.listen().port());
      system = nodes.coordinator();
      stopOthers = nodes.stopOthers();
    }
    try {
      NormalizerActor.Calibrated c = AskPattern.<NormalizerActor.Command, NormalizerActor.Calibrated>ask(system,
              reply -> new NormalizerActor.Calibrate(net, calibration, timesteps, options, policy, settings, cluster,
                  reply),
              // Generous, within the scheduler's limit (about 24 days at its 1 ms tick).
              Duration.ofDays(20), system.scheduler())
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
    } finally {
      system.terminate();
      stopOthers.run();
      try {
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // Shutting down is best effort.
      }
    }
  }
}
