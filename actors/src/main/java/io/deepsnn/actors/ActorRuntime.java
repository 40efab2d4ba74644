package io.deepsnn.actors;

import io.deepsnn.actors.cluster.ClusterSession;
import io.deepsnn.actors.cluster.ClusterSettings;
import io.deepsnn.actors.runtime.LocalSession;
import io.deepsnn.actors.runtime.NodeNetwork;
import io.deepsnn.actors.runtime.RuntimeSession;

/**
 * The one way to start the actor runtime: a {@link RuntimeSession} for a network, on the nodes a
 * run asks for. One node is an actor system in this JVM; more are Pekko Cluster nodes — all in
 * this JVM over loopback TCP, or, with {@code listen}, this coordinator and nodes started on other
 * machines. Everything else (simulations, Spike-Norm probes, timing modes) deploys on the session
 * the same way whatever the node count.
 */
public final class ActorRuntime {
  private ActorRuntime() {
  }

  /**
   * The session of {@code network} (its settings: this node's threads) on the nodes {@code cluster}
   * asks for; null means one node.
   */
  public static RuntimeSession open(NodeNetwork network, ClusterSettings cluster) {
    if (cluster == null || cluster.nodes() == 1) {
      return LocalSession.start(network);
    }
    return ClusterSession.start(network, cluster);
  }
}
