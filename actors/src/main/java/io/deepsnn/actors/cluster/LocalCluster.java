package io.deepsnn.actors.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.deepsnn.actors.runtime.ActorRuntimeException;
import io.deepsnn.actors.runtime.ActorSimulator;
import io.deepsnn.actors.runtime.ClockActor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * A multi-node run inside one JVM: {@code nodes} actor systems joined into a Pekko Cluster over
 * loopback TCP, so that every message between tiles on different nodes goes through the
 * serializer and Artery exactly as between machines. Node 0 coordinates (and hosts tiles too).
 * Used by the tests and by {@code --nodes N} on one machine.
 */
public final class LocalCluster {
  /** The actor system name every node of a cluster shares. */
  public static final String SYSTEM_NAME = "deepsnn";

  private LocalCluster() {
  }

  /**
   * Starts the nodes, deploys {@code network}'s tiles across them by {@code placement}, and returns
   * the simulator (closing it stops every node). Fails if the tiles are not up within
   * {@code timeout}.
   *
   * @return the simulator and the layout (each node's address and tile count)
   */
  public static Started start(NodeNetwork network, int nodes, Placement placement, Duration timeout) {
    return start(network, java.util.Collections.nCopies(nodes - 1, network), placement, timeout);
  }

  /**
   * As {@link #start(NodeNetwork, int, Placement, Duration)}, with each worker node's own copy of
   * the network (as on separate machines): a worker whose network differs is refused by name.
   */
  public static Started start(NodeNetwork network, List<NodeNetwork> workerNetworks, Placement placement,
                              Duration timeout) {
    int nodes = 1 + workerNetworks.size();
    Config config = nodeConfig(network, ConfigFactory.empty());
    CompletableFuture<TileDeployment.Ready> ready = new CompletableFuture<>();
    ActorSystem<ClockActor.Command> coordinator = ActorSystem.create(
        TileDeployment.create(network, nodes, placement, timeout, ready), SYSTEM_NAME, config);
    List<ActorSystem<?>> workers = new ArrayList<>();
    Runnable stopWorkers = () -> {
      workers.forEach(ActorSystem::terminate);
      workers.forEach(LocalCluster::awaitStop);
    };
    ActorSimulator simulator = new ActorSimulator(coordinator, network.plan(), network.settings(), stopWorkers);
    try {
      Address seed = Cluster.get(coordinator).selfMember().address();
      Cluster.get(coordinator).manager().tell(Join.create(seed));
      for (NodeNetwork own : workerNetworks) {
        ActorSystem<TileHost.Command> worker = ActorSystem.create(TileHost.create(own), SYSTEM_NAME, config);
        workers.add(worker);
        Cluster.get(worker).manager().tell(Join.create(seed));
      }
      TileDeployment.Ready r = ready.get(timeout.toMillis() + 10_000, TimeUnit.MILLISECONDS);
      if (r.failure() != null) {
        throw new ActorRuntimeException(r.failure());
      }
      return new Started(simulator, r.nodes());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      simulator.close();
      throw new ActorRuntimeException("interrupted while the nodes started");
    } catch (ExecutionException | TimeoutException e) {
      simulator.close();
      throw new ActorRuntimeException("the nodes did not start within " + timeout.toSeconds() + " s");
    } catch (RuntimeException e) {
      simulator.close();
      throw e;
    }
  }

  /** A started multi-node run: its simulator and each node's address and tile count. */
  public record Started(ActorSimulator simulator, List<String> layout) {
  }

  /** The configuration of a cluster node: {@code extra}, the cluster settings, the defaults. */
  public static Config nodeConfig(NodeNetwork network, Config extra) {
    Config base = ActorSimulator.systemConfig(network.settings(), ConfigFactory.empty());
    return extra.withFallback(base.getConfig("deepsnn.actors.cluster")).withFallback(base);
  }

  private static void awaitStop(ActorSystem<?> system) {
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Nothing to recover: the JVM goes on.
    }
  }
}
