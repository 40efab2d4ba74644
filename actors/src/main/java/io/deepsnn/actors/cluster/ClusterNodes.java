package io.deepsnn.actors.cluster;

import io.deepsnn.actors.runtime.NodeNetwork;
import io.deepsnn.actors.runtime.Deployment;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.deepsnn.actors.runtime.ActorRuntimeException;
import io.deepsnn.actors.runtime.ActorSimulator;
import io.deepsnn.actors.runtime.RuntimeSession;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.Thresholds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * Starts the nodes of a multi-node run: actor systems of the same name joined into a Pekko Cluster
 * over Artery TCP, each with a {@link TileHost}. The coordinator's system runs the given root
 * behaviour (a {@link TileDeployment} for a simulation, the normalizer for Spike-Norm).
 * {@link #inThisJvm} starts every node here, over loopback TCP, so that every message between
 * tiles on different nodes still goes through the serializer and Artery exactly as between
 * machines (the tests, and {@code --nodes N} on one machine); {@link #listening} and
 * {@link #worker} start one node each, for a run across machines.
 */
public final class ClusterNodes {
  /** The actor system name every node of a cluster shares. */
  public static final String SYSTEM_NAME = "deepsnn";

  private ClusterNodes() {
  }

  /**
   * The coordinator's actor system, the other nodes started with it in this JVM (none when they
   * run elsewhere), and how to stop them.
   */
  public record Nodes<T>(ActorSystem<T> coordinator, List<ActorSystem<?>> others, Runnable stopOthers) {
  }

  /**
   * The coordinator (root behaviour {@code guardian}) and one worker per entry of
   * {@code workerNetworks} (each node its own copy of the network, as on separate machines), all in
   * this JVM.
   */
  public static <T> Nodes<T> inThisJvm(NodeNetwork network, List<NodeNetwork> workerNetworks, Behavior<T> guardian) {
    Config config = nodeConfig(network, ConfigFactory.empty());
    ActorSystem<T> coordinator = start(network, guardian, config);
    List<ActorSystem<?>> workers = new ArrayList<>();
    Runnable stopWorkers = () -> {
      workers.forEach(ActorSystem::terminate);
      workers.forEach(ActorSimulator::awaitStop);
    };
    try {
      Address seed = Cluster.get(coordinator).selfMember().address();
      for (NodeNetwork own : workerNetworks) {
        ActorSystem<TileHost.Command> worker = ActorSystem.create(TileHost.create(own), SYSTEM_NAME, config);
        workers.add(worker);
        Cluster.get(worker).manager().tell(Join.create(seed));
      }
    } catch (RuntimeException e) {
      coordinator.terminate();
      stopWorkers.run();
      throw e;
    }
    return new Nodes<>(coordinator, List.copyOf(workers), stopWorkers);
  }

  /**
   * The coordinator of nodes on other machines (started with {@link #worker}): listens at
   * {@code host:port}.
   */
  public static <T> Nodes<T> listening(NodeNetwork network, Behavior<T> guardian, String host, int port) {
    return listening(network, guardian, host, port, null);
  }

  /** As above, over TLS when {@code tls} is not null. */
  public static <T> Nodes<T> listening(NodeNetwork network, Behavior<T> guardian, String host, int port,
                                       TlsSettings tls) {
    return new Nodes<>(start(network, guardian, nodeConfig(network, listen(host, port, tls))), List.of(), () -> { });
  }

  /**
   * A worker node listening at {@code host:port} (port 0: any) that joins the coordinator at
   * {@code seedHost:seedPort} and hosts tiles until the coordinator is gone, or gives up after
   * {@code joinTimeout}; {@code stopped} says why it stopped.
   */
  public static ActorSystem<WorkerNode.Command> worker(NodeNetwork network, String host, int port, String seedHost,
                                                       int seedPort, Duration joinTimeout,
                                                       CompletableFuture<WorkerNode.Stopped> stopped) {
    return worker(network, host, port, seedHost, seedPort, joinTimeout, null, stopped);
  }

  /** As above, over TLS when {@code tls} is not null (the coordinator must use TLS too, and trust this node). */
  public static ActorSystem<WorkerNode.Command> worker(NodeNetwork network, String host, int port, String seedHost,
                                                       int seedPort, Duration joinTimeout, TlsSettings tls,
                                                       CompletableFuture<WorkerNode.Stopped> stopped) {
    Address seed = new Address("pekko", SYSTEM_NAME, seedHost, seedPort);
    ActorSystem<WorkerNode.Command> worker = ActorSystem.create(WorkerNode.create(network, seed, joinTimeout, stopped),
        SYSTEM_NAME, nodeConfig(network, listen(host, port, tls)));
    Cluster.get(worker).manager().tell(Join.create(seed));
    return worker;
  }

  /**
   * A simulation of {@code network} with {@code thresholds} and {@code options} on the nodes
   * {@code cluster} asks for: all in this JVM, or (with {@code listen}) this coordinator and
   * workers started elsewhere. Closing the simulator stops the nodes it started.
   *
   * @throws ActorRuntimeException when the tiles are not up within the startup timeout
   */
  public static RuntimeSession.Deployed simulator(NodeNetwork network, Thresholds thresholds, SimulationOptions options,
                                  ClusterSettings cluster) {
    return oneDeployment(ClusterSession.start(network, cluster), network, thresholds, options);
  }

  /**
   * As {@link #simulator(NodeNetwork, Thresholds, SimulationOptions, ClusterSettings)} in this JVM,
   * each worker with its own network, on all of them (a worker holding another network is left out,
   * naming it, and the deployment waits for one that does not).
   */
  public static RuntimeSession.Deployed simulator(NodeNetwork network, Thresholds thresholds, SimulationOptions options,
                                  List<NodeNetwork> workerNetworks, Placement placement, Duration timeout) {
    return simulator(network, thresholds, options, workerNetworks, 1 + workerNetworks.size(), placement, timeout);
  }

  /** As above, on {@code nodes} of the nodes (this one included); the other workers stand by as spares. */
  public static RuntimeSession.Deployed simulator(NodeNetwork network, Thresholds thresholds, SimulationOptions options,
                                  List<NodeNetwork> workerNetworks, int nodes, Placement placement, Duration timeout) {
    ClusterSettings cluster = new ClusterSettings(nodes, placement, timeout, null);
    return oneDeployment(ClusterSession.start(network, workerNetworks, cluster), network, thresholds, options);
  }

  /** The session's one deployment: closing its simulator closes the session. */
  private static RuntimeSession.Deployed oneDeployment(ClusterSession session, NodeNetwork network, Thresholds thresholds,
                                       SimulationOptions options) {
    try {
      return session.deploy(Deployment.whole(thresholds, options, network.settings()), session::close);
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  /** The configuration of a cluster node: {@code extra}, the cluster settings, the defaults. */
  public static Config nodeConfig(NodeNetwork network, Config extra) {
    Config base = ActorSimulator.systemConfig(network.settings(), ConfigFactory.empty());
    return extra.withFallback(base.getConfig("deepsnn.actors.cluster")).withFallback(base);
  }

  /** A coordinator: its root behaviour, this node's tile host, and a cluster of itself to join. */
  private static <T> ActorSystem<T> start(NodeNetwork network, Behavior<T> guardian, Config config) {
    ActorSystem<T> coordinator = ActorSystem.create(guardian, SYSTEM_NAME, config);
    coordinator.systemActorOf(TileHost.create(network), "tile-host", Props.empty());
    Cluster.get(coordinator).manager().tell(Join.create(Cluster.get(coordinator).selfMember().address()));
    return coordinator;
  }

  private static Config listen(String host, int port, TlsSettings tls) {
    Config at = ConfigFactory.parseString("pekko.remote.artery.canonical.hostname = \"" + host + "\"\n"
        + "pekko.remote.artery.canonical.port = " + port);
    return tls == null ? at : at.withFallback(tls.config());
  }

}
