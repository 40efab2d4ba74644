package io.deepsnn.runner.pipeline;

import io.deepsnn.actors.ActorRuntime;
import io.deepsnn.actors.cluster.ClusterSettings;
import io.deepsnn.actors.runtime.ActorSimulator;
import io.deepsnn.actors.runtime.Deployment;
import io.deepsnn.actors.runtime.NodeNetwork;
import io.deepsnn.actors.runtime.RuntimeSession;
import io.deepsnn.actors.runtime.RuntimeStats;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The actor runtime as a run of the command-line tool uses it: a session opened on the nodes the
 * run asks for (saying, when nodes on other machines must join, how to start them), deployments
 * on it (saying where the tiles went), and the traffic between the nodes.
 */
public final class ActorRuntimes {
  /** The nodes' argument when they simulate a converted network. */
  public static final String NET_FILE = "NET.snn";

  private ActorRuntimes() {
  }

  /**
   * The session of {@code network} on the nodes {@code cluster} asks for (null: one); with
   * {@code --listen}, {@code log} is told to start the other nodes with {@code snn node NODE_ARGS --join ...}
   * ({@link #NET_FILE}; {@code --model M.onnx} while converting; {@code --arch A} for a soak).
   */
  public static RuntimeSession open(NodeNetwork network, ClusterSettings cluster, String nodeArgs,
                                    Consumer<String> log) {
    if (cluster != null && cluster.listen() != null) {
      log.accept(waitingLine(cluster, nodeArgs));
    }
    return ActorRuntime.open(network, cluster);
  }

  /** Deploys {@code what} on {@code session}; {@code log} hears where the tiles went when they span nodes. */
  public static ActorSimulator deploy(RuntimeSession session, Deployment what, Consumer<String> log) {
    RuntimeSession.Deployed d = session.deploy(what);
    if (!d.where().isEmpty()) {
      log.accept(d.where());
    }
    return d.simulator();
  }

  /**
   * The traffic between nodes of a run of {@code images} images, e.g. {@code between nodes: 12,345
   * spike batches, 1.2 MB (98,304 bytes per image), 2,345 other messages, 0.1 MB}; empty when there
   * was none (one node).
   *
   * @param coordinatorOnly true when the other nodes run in other JVMs (only this node's sends count)
   */
  public static String trafficLine(RuntimeStats.Traffic t, int images, boolean coordinatorOnly) {
    if (t.spikeMessages() + t.otherMessages() == 0) {
      return "";
    }
    return String.format(Locale.ROOT, "%s: %,d spike batches, %.2f MB (%,.0f bytes per image), %,d other "
            + "messages, %.2f MB", coordinatorOnly ? "sent by this node to the others" : "between nodes",
        t.spikeMessages(), t.spikeBytes() / 1e6, t.spikeBytes() / (double) Math.max(1, images), t.otherMessages(),
        t.otherBytes() / 1e6);
  }

  /** What a coordinator says while it waits for the other nodes. */
  public static String waitingLine(ClusterSettings cluster, String nodeArgs) {
    return "coordinating at " + cluster.listen() + (cluster.tls() != null ? " over TLS" : "") + ": waiting up to " + cluster.startupTimeout().toSeconds()
        + " s for " + (cluster.nodes() - 1) + " node(s) started with 'snn node " + nodeArgs + " --join "
        + cluster.listen() + "'";
  }
}
