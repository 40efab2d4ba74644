package io.deepsnn.runner.pipeline;

import io.deepsnn.actors.cluster.ClusterNodes;
import io.deepsnn.actors.cluster.ClusterSettings;
import io.deepsnn.actors.cluster.NodeNetwork;
import io.deepsnn.actors.runtime.ActorSimulator;
import java.util.function.Consumer;

/**
 * Starts the actor runtime of a run: a local actor system, or the tiles spread over cluster nodes
 * (all in this JVM, or coordinating nodes on other machines with {@code --listen}).
 */
public final class ActorRuntimes {
  private ActorRuntimes() {
  }

  /**
   * The runtime of {@code network} on the nodes {@code cluster} asks for (null or one node: a local
   * actor system); {@code log} is told which nodes came up.
   */
  public static ActorSimulator start(NodeNetwork network, ClusterSettings cluster, Consumer<String> log) {
    if (cluster == null || cluster.nodes() == 1) {
      return new ActorSimulator(network.plan().network(), network.thresholds(), network.options(),
          network.settings());
    }
    ClusterNodes.Started started;
    if (cluster.listen() == null) {
      started = ClusterNodes.inThisJvm(network, cluster.nodes(), cluster.placement(), cluster.startupTimeout());
    } else {
      log.accept("coordinating at " + cluster.listen() + ": waiting up to " + cluster.startupTimeout().toSeconds()
          + " s for " + (cluster.nodes() - 1) + " node(s) started with 'snn node NET.snn --join " + cluster.listen()
          + "' and the same options");
      started = ClusterNodes.coordinator(network, cluster.nodes(), cluster.placement(), cluster.startupTimeout(),
          cluster.listen().host(), cluster.listen().port());
    }
    log.accept(cluster.nodes() + " cluster nodes up (" + cluster.placement().label() + "): "
        + String.join(", ", started.layout()));
    return started.simulator();
  }
}
