package io.deepsnn.runner.pipeline;

import io.deepsnn.actors.cluster.ClusterNodes;
import io.deepsnn.actors.cluster.ClusterSession;
import io.deepsnn.actors.cluster.ClusterSettings;
import io.deepsnn.actors.cluster.Deployment;
import io.deepsnn.actors.cluster.NodeNetwork;
import io.deepsnn.actors.runtime.ActorSettings;
import io.deepsnn.actors.runtime.ActorSimulator;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.Thresholds;
import java.util.function.Consumer;

/**
 * Actor runtimes of one network started one after another with different settings (the timing
 * experiment's modes): each a local actor system, or, over cluster nodes, each a deployment on the
 * same nodes — started once, so nodes on other machines ({@code --listen}) join once for all.
 */
public final class ActorRuntimeSeries implements AutoCloseable {
  private final NodeNetwork network;
  private final ClusterSession session;
  private final ClusterSettings cluster;
  private final Consumer<String> log;
  private boolean announced;

  private ActorRuntimeSeries(NodeNetwork network, ClusterSession session, ClusterSettings cluster,
                             Consumer<String> log) {
    this.network = network;
    this.session = session;
    this.cluster = cluster;
    this.log = log;
  }

  /**
   * A series for {@code network} (its settings: each node's own threads) on the nodes
   * {@code cluster} asks for (null or one node: local actor systems); {@code log} hears which
   * nodes came up.
   */
  public static ActorRuntimeSeries open(NodeNetwork network, ClusterSettings cluster, Consumer<String> log) {
    if (cluster == null || cluster.nodes() == 1) {
      return new ActorRuntimeSeries(network, null, cluster, log);
    }
    if (cluster.listen() != null) {
      log.accept(ActorRuntimes.waitingLine(cluster, ActorRuntimes.NET_FILE));
    }
    return new ActorRuntimeSeries(network, ClusterSession.start(network, cluster), cluster, log);
  }

  /**
   * The next runtime, with {@code settings} (on cluster nodes: their tiling and timing; each node
   * keeps its own threads); close it before the next one.
   */
  public ActorSimulator start(Thresholds thresholds, SimulationOptions options, ActorSettings settings) {
    if (session == null) {
      return new ActorSimulator(network.network(), thresholds, options, settings);
    }
    ClusterNodes.Started started = session.deploy(Deployment.whole(thresholds, options, settings));
    if (!announced) {
      announced = true;
      log.accept(ActorRuntimes.nodesUpLine(cluster, started.layout()));
    }
    return started.simulator();
  }

  /** Stops the nodes this series started. */
  @Override
  public void close() {
    if (session != null) {
      session.close();
    }
  }
}
