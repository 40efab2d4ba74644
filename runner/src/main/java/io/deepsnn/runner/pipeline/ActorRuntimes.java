package io.deepsnn.runner.pipeline;

import io.deepsnn.actors.cluster.ClusterNodes;
import io.deepsnn.actors.cluster.ClusterSettings;
import io.deepsnn.actors.cluster.NodeNetwork;
import io.deepsnn.actors.runtime.ActorSimulator;
import io.deepsnn.actors.serialization.WireTraffic;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.Thresholds;
import java.util.function.Consumer;

/**
 * Starts the actor runtime of a run: a local actor system, or the tiles spread over cluster nodes
 * (all in this JVM, or coordinating nodes on other machines with {@code --listen}).
 */
public final class ActorRuntimes {
  private ActorRuntimes() {
  }

  /**
   * The runtime of {@code network} with {@code thresholds} and {@code options} on the nodes
   * {@code cluster} asks for (null or one node: a local actor system); {@code log} is told which
   * nodes came up.
   */
  public static ActorSimulator start(NodeNetwork network, Thresholds thresholds, SimulationOptions options,
                                     ClusterSettings cluster, Consumer<String> log) {
    return start(network, thresholds, options, cluster, NET_FILE, log);
  }

  /**
   * As {@link #start(NodeNetwork, Thresholds, SimulationOptions, ClusterSettings, Consumer)}; with
   * {@code --listen}, the waiting line tells to start the nodes with {@code snn node NODE_ARGS --join ...}.
   */
  public static ActorSimulator start(NodeNetwork network, Thresholds thresholds, SimulationOptions options,
                                     ClusterSettings cluster, String nodeArgs, Consumer<String> log) {
    if (cluster == null || cluster.nodes() == 1) {
      return new ActorSimulator(network.network(), thresholds, options, network.settings());
    }
    if (cluster.listen() != null) {
      log.accept(waitingLine(cluster, nodeArgs));
    }
    ClusterNodes.Started started = ClusterNodes.simulator(network, thresholds, options, cluster);
    log.accept(nodesUpLine(cluster, started.layout()));
    return started.simulator();
  }

  /** What a coordinator says when the nodes are up: each node's address and number of tiles. */
  static String nodesUpLine(ClusterSettings cluster, java.util.List<String> layout) {
    return cluster.nodes() + " cluster nodes up (" + cluster.placement().label() + "): " + String.join(", ", layout);
  }

  /**
   * The traffic between nodes of a run of {@code images} images, e.g. {@code between nodes: 12,345
   * spike batches, 1.2 MB (98,304 bytes per image), 2,345 other messages, 0.1 MB}.
   *
   * @param coordinatorOnly true when the other nodes run in other JVMs (only this node's sends count)
   */
  public static String trafficLine(WireTraffic.Totals t, int images, boolean coordinatorOnly) {
    return String.format(java.util.Locale.ROOT, "%s: %,d spike batches, %.2f MB (%,.0f bytes per image), %,d other "
            + "messages, %.2f MB", coordinatorOnly ? "sent by this node to the others" : "between nodes",
        t.spikeMessages(), t.spikeBytes() / 1e6, t.spikeBytes() / (double) Math.max(1, images), t.otherMessages(),
        t.otherBytes() / 1e6);
  }

  /** The nodes' argument when they simulate a converted network. */
  public static final String NET_FILE = "NET.snn";

  /**
   * What a coordinator says while it waits for the other nodes, started with
   * {@code snn node NODE_ARGS --join ...} ({@link #NET_FILE}; {@code --model M.onnx} while
   * converting; {@code --arch A} for a soak).
   */
  public static String waitingLine(ClusterSettings cluster, String nodeArgs) {
    return "coordinating at " + cluster.listen() + ": waiting up to " + cluster.startupTimeout().toSeconds()
        + " s for " + (cluster.nodes() - 1) + " node(s) started with 'snn node " + nodeArgs + " --join "
        + cluster.listen() + "'";
  }
}
