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
 * Starts the nodes of a multi-node run: actor systems of the same name joined into a Pekko Cluster
 * over Artery TCP. Node 0 coordinates (and hosts tiles too). {@link #inThisJvm} starts every node
 * here, over loopback TCP, so that every message between tiles on different nodes still goes
 * through the serializer and Artery exactly as between machines (the tests, and {@code --nodes N}
 * on one machine); {@link #coordinator} and {@link #worker} start one node each, for a run across
 * machines.
 */
public final class ClusterNodes {
  /** The actor system name every node of a cluster shares. */
  public static final String SYSTEM_NAME = "deepsnn";

  private ClusterNodes() {
  }

  /**
   * Starts {@code nodes} nodes in this JVM, deploys {@code network}'s tiles across them by
   * {@code placement}, and returns
   * the simulator (closing it stops every node). Fails if the tiles are not up within
   * {@code timeout}.
   *
   * @return the simulator and the layout (each node's address and tile count)
   */
  public static Started inThisJvm(NodeNetwork network, int nodes, Placement placement, Duration timeout) {
    return inThisJvm(network, java.util.Collections.nCopies(nodes - 1, network), placement, timeout);
  }

  /**
   * As {@link #inThisJvm(NodeNetwork, int, Placement, Duration)}, with each worker node's own copy of
   * the network (as on separate machines): a worker whose network differs is refused by name.
   */
  public static Started inThisJvm(NodeNetwork network, List<NodeNetwork> workerNetworks, Placement placement,
                              Duration timeout) {
    int nodes = 1 + workerNetworks.size();
    Config config = nodeConfig(network, ConfigFactory.empty());
    CompletableFuture<TileDeployment.Ready> ready = new CompletableFuture<>();
    ActorSystem<ClockActor.Command> coordinator = ActorSystem.create(
        TileDeployment.create(network, nodes, placement, timeout, ready), SYSTEM_NAME, config);
    List<ActorSystem<?>> workers = new ArrayList<>();
    Runnable stopWorkers = () -> {
      workers.forEach(ActorSystem::terminate);
      workers.forEach(ClusterNodes::awaitStop);
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
    } catch (RuntimeException e) {
      simulator.close();
      throw e;
    }
    return awaitReady(simulator, ready, timeout);
  }

  /**
   * The coordinator of nodes on other machines: listens at {@code host:port} and waits up to
   * {@code timeout} for {@code nodes - 1} workers ({@link #worker}) to join it.
   */
  public static Started coordinator(NodeNetwork network, int nodes, Placement placement, Duration timeout,
                                    String host, int port) {
    Config config = nodeConfig(network, listen(host, port));
    CompletableFuture<TileDeployment.Ready> ready = new CompletableFuture<>();
    ActorSystem<ClockActor.Command> coordinator = ActorSystem.create(
        TileDeployment.create(network, nodes, placement, timeout, ready), SYSTEM_NAME, config);
    ActorSimulator simulator = new ActorSimulator(coordinator, network.plan(), network.settings(), () -> { });
    Cluster.get(coordinator).manager().tell(Join.create(Cluster.get(coordinator).selfMember().address()));
    return awaitReady(simulator, ready, timeout);
  }

  /**
   * A worker node listening at {@code host:port} (port 0: any) that joins the coordinator at
   * {@code seedHost:seedPort} and hosts tiles until the coordinator is gone.
   */
  public static ActorSystem<WorkerNode.Command> worker(NodeNetwork network, String host, int port, String seedHost,
                                                       int seedPort) {
    Address seed = new Address("pekko", SYSTEM_NAME, seedHost, seedPort);
    ActorSystem<WorkerNode.Command> worker = ActorSystem.create(WorkerNode.create(network, seed), SYSTEM_NAME,
        nodeConfig(network, listen(host, port)));
    Cluster.get(worker).manager().tell(Join.create(seed));
    return worker;
  }

  private static Config listen(String host, int port) {
    return ConfigFactory.parseString("pekko.remote.artery.canonical.hostname = \"" + host + "\"\n"
        + "pekko.remote.artery.canonical.port = " + port);
  }

  private static Started awaitReady(ActorSimulator simulator, CompletableFuture<TileDeployment.Ready> ready,
                                    Duration timeout) {
    try {
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
