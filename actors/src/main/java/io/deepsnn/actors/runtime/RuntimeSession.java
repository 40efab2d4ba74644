package io.deepsnn.actors.runtime;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;

/**
 * The actor runtime of one network, kept up for one deployment after another (a simulation, each
 * Spike-Norm layer's probe, each mode of the timing experiment): in one actor system
 * ({@link LocalSession}) or over the nodes of a Pekko Cluster (the cluster module's
 * {@code ClusterSession}). Open one with {@code io.deepsnn.actors.ActorRuntime#open}; a local run
 * is a one-node session, so nothing outside that factory asks how many nodes there are.
 */
public interface RuntimeSession extends AutoCloseable {
  /**
   * Deploys {@code what} (waiting, the first time, for the nodes to be up) and returns its
   * simulator, whose {@link ActorSimulator#close()} stops the deployment's actors.
   *
   * @throws ActorRuntimeException when the tiles do not come up, saying why
   */
  Deployed deploy(Deployment what);

  /**
   * A deployment's simulator and where its tiles went: each node and its tile count
   * ({@code "pekko://deepsnn@host:port: 4 tiles"}; empty on one node), and a line that says so
   * ({@code "3 cluster nodes up (layers): ..."}; empty on one node).
   */
  record Deployed(ActorSimulator simulator, List<String> layout, String where) {
  }

  /** The number of nodes the tiles are spread over (1: one actor system). */
  int nodes();

  /**
   * What this session's nodes in this JVM sent to other nodes (all the traffic between nodes when
   * every node runs here; see {@link #othersElsewhere()}); nothing in a one-node session.
   */
  RuntimeStats.Traffic traffic();

  /** Whether some nodes run in other JVMs: then {@link #traffic()} is what this node sent. */
  boolean othersElsewhere();

  /** The deepest tile mailbox of this session's nodes in this JVM since the last reset. */
  long deepestMailbox();

  /** Starts a new observation window of {@link #deepestMailbox()}. */
  void resetDeepestMailbox();

  /**
   * Every node lost so far ("node ADDRESS left the cluster"), in the order it was noticed; later
   * deployments go on without them. Empty in a one-node session.
   */
  List<String> lostNodes();

  /** Spawns {@code behavior} in the coordinator's actor system (e.g. the Spike-Norm normalizer). */
  <T> ActorRef<T> spawn(Behavior<T> behavior, String name);

  /** The coordinator's actor system (its scheduler times asks). */
  ActorSystem<?> system();

  /** Stops the session's actors, and the nodes in this JVM that it started. */
  @Override
  void close();
}
