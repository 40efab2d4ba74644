package io.deepsnn.normalizer.actor;

import com.typesafe.config.ConfigFactory;
import io.deepsnn.actors.runtime.ActorRuntimeException;
import io.deepsnn.actors.runtime.ActorSettings;
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
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/** Runs Spike-Norm through a {@link NormalizerActor} in an actor system of its own, blocking. */
public final class ActorSpikeNorm {
  private ActorSpikeNorm() {
  }

  /** Spike-Norm on the actor runtime; the same thresholds as the sequential balancer. */
  public static Balancing balance(SpikingNetwork net, List<SnnInput> calibration, int timesteps,
                                  SimulationOptions options, ResidualPolicy policy, ActorSettings settings) {
    var config = ConfigFactory.parseString(
        "deepsnn.actors.compute-dispatcher.fork-join-executor.parallelism-min = " + settings.threads() + "\n"
            + "deepsnn.actors.compute-dispatcher.fork-join-executor.parallelism-max = " + settings.threads())
        .withFallback(ConfigFactory.load());
    ActorSystem<NormalizerActor.Command> system = ActorSystem.create(NormalizerActor.create(), "spike-norm", config);
    try {
      NormalizerActor.Calibrated c = AskPattern.<NormalizerActor.Command, NormalizerActor.Calibrated>ask(system,
              reply -> new NormalizerActor.Calibrate(net, calibration, timesteps, options, policy, settings, reply),
              Duration.ofDays(30), system.scheduler())
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
