package io.deepsnn.actors.cluster;

import io.deepsnn.actors.runtime.NodeNetwork;
import io.deepsnn.actors.runtime.Deployment;
import io.deepsnn.actors.runtime.ActorRuntimeException;
import io.deepsnn.actors.runtime.ActorSimulator;
import io.deepsnn.actors.runtime.ClockActor;
import io.deepsnn.actors.runtime.Guardian;
import io.deepsnn.actors.runtime.RuntimeSession;
import io.deepsnn.actors.runtime.RuntimeStats;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SpawnProtocol;

/**
 * The session of a multi-node run: the nodes, kept up for one deployment after another (the
 * timing experiment runs each timing mode as its own deployment on the same nodes, Spike-Norm
 * each layer's probe, so nodes on other machines are started once). The coordinator's guardian
 * spawns a {@link TileDeployment} per {@link #deploy}; closing a deployment's simulator stops its
 * clock, and the hosts then stop its tiles. A node lost at any time is logged ({@link LossLog}),
 * and later deployments go on with the nodes up. Closing the session stops the nodes it started;
 * nodes started elsewhere stop by themselves when the coordinator leaves.
 */
public final class ClusterSession implements RuntimeSession {
  private final ActorSystem<SpawnProtocol.Command> coordinator;
  private final List<ActorSystem<?>> others;
  private final Runnable stopOthers;
  private final List<String> losses = new CopyOnWriteArrayList<>();
  private final NodeNetwork network;
  private final ClusterSettings cluster;
  /** Deployments so far: their actors' names carry it. Accessed from the thread that deploys (and fails over). */
  private int deployments;
  /** Whether a node was lost in this session: later deployments then start with the nodes up. */
  private boolean anyLost;

  private ClusterSession(ClusterNodes.Nodes<SpawnProtocol.Command> nodes, NodeNetwork network,
                         ClusterSettings cluster) {
    this.coordinator = nodes.coordinator();
    this.others = nodes.others();
    this.stopOthers = nodes.stopOthers();
    this.network = network;
    this.cluster = cluster;
    spawn(LossLog.create(losses), "loss-log");
  }

  /**
   * Starts the nodes {@code cluster} asks for: all in this JVM, each with a copy of
   * {@code network}, or (with {@code listen}) this coordinator, for nodes started elsewhere.
   */
  public static ClusterSession start(NodeNetwork network, ClusterSettings cluster) {
    return start(network, cluster.listen() == null ? Collections.nCopies(cluster.nodes() - 1, network) : null,
        cluster);
  }

  /**
   * As {@link #start(NodeNetwork, ClusterSettings)}, in this JVM with {@code workerNetworks} (one
   * per other node; null: listen for nodes started elsewhere).
   */
  static ClusterSession start(NodeNetwork network, List<NodeNetwork> workerNetworks, ClusterSettings cluster) {
    ClusterNodes.Nodes<SpawnProtocol.Command> nodes = workerNetworks != null
        ? ClusterNodes.inThisJvm(network, workerNetworks, SpawnProtocol.create())
        : ClusterNodes.listening(network, SpawnProtocol.create(), cluster.listen().host(), cluster.listen().port(),
            cluster.tls());
    return new ClusterSession(nodes, network, cluster);
  }

  @Override
  public ActorSystem<?> system() {
    return coordinator;
  }

  /**
   * Deploys {@code what} over the nodes (waiting, the first time, up to the startup timeout for
   * them all) and returns its simulator, whose {@link ActorSimulator#close()} stops the deployment.
   *
   * @throws ActorRuntimeException when the tiles do not come up, saying why
   */
  @Override
  public Deployed deploy(Deployment what) {
    return deploy(what, () -> { });
  }

  /** As {@link #deploy(Deployment)}; the simulator's close also runs {@code alsoOnClose}. */
  Deployed deploy(Deployment what, Runnable alsoOnClose) {
    Duration timeout = cluster.startupTimeout();
    CompletableFuture<TileDeployment.Ready> ready = new CompletableFuture<>();
    // After a loss, with the nodes up (a node that joined since included), rather than waiting for all.
    anyLost |= !losses.isEmpty();
    ActorRef<ClockActor.Command> clock = spawnDeployment(what, anyLost ? 1 : cluster.nodes(), ready);
    ActorSimulator simulator = new ActorSimulator(coordinator, clock,
        network.plan(what.settings().tiling(), what.probeLayer()), what.on(network.settings()), alsoOnClose,
        () -> redeploy(what));
    TileDeployment.Ready r;
    try {
      r = awaitReady(ready, timeout);
    } catch (RuntimeException e) {
      simulator.close();
      throw e;
    }
    if (r == null || r.failure() != null) {
      simulator.close();
      throw new ActorRuntimeException(r == null ? "the nodes did not start within " + timeout.toSeconds() + " s"
          : r.failure());
    }
    return new Deployed(simulator, r.nodes(), cluster.nodes() + " cluster nodes up (" + cluster.placement().label()
        + "): " + String.join(", ", r.nodes())
        + (r.refused().isEmpty() ? "" : "; left out: " + String.join("; ", r.refused())));
  }

  /**
   * After a node is lost: {@code what} deployed again on the nodes that are up (at least this one;
   * a spare node, or the lost one started again, takes the lost one's place), or null when it
   * cannot be.
   */
  private ActorSimulator.Redeployed redeploy(Deployment what) {
    anyLost = true;
    CompletableFuture<TileDeployment.Ready> ready = new CompletableFuture<>();
    ActorRef<ClockActor.Command> replacement = spawnDeployment(what, 1, ready);
    TileDeployment.Ready r = awaitReady(ready, cluster.startupTimeout());
    if (r == null || r.failure() != null) {
      replacement.tell(new ClockActor.Stop());
      return null;
    }
    return new ActorSimulator.Redeployed(replacement, r.nodes());
  }

  /** {@code what} on up to the session's node count, waiting for at least {@code minimum} nodes. */
  private ActorRef<ClockActor.Command> spawnDeployment(Deployment what, int minimum,
                                                       CompletableFuture<TileDeployment.Ready> ready) {
    return spawn(TileDeployment.create(network, what, cluster.nodes(), minimum, cluster.placement(),
        cluster.startupTimeout(), ready), "deployment-" + deployments++);
  }

  /** The deployment's answer, or null when none came in time. */
  private static TileDeployment.Ready awaitReady(CompletableFuture<TileDeployment.Ready> ready, Duration timeout) {
    try {
      return ready.get(timeout.toMillis() + 10_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ActorRuntimeException("interrupted while the nodes started");
    } catch (ExecutionException | TimeoutException e) {
      return null;
    }
  }

  @Override
  public <T> ActorRef<T> spawn(Behavior<T> behavior, String name) {
    return Guardian.spawn(coordinator, behavior, name);
  }

  @Override
  public int nodes() {
    return cluster.nodes();
  }

  @Override
  public RuntimeStats.Traffic traffic() {
    RuntimeStats.Traffic t = RuntimeStats.get(coordinator).traffic();
    for (ActorSystem<?> other : others) {
      t = t.plus(RuntimeStats.get(other).traffic());
    }
    return t;
  }

  @Override
  public boolean othersElsewhere() {
    return cluster.listen() != null;
  }

  @Override
  public long deepestMailbox() {
    long deepest = RuntimeStats.get(coordinator).deepestMailbox();
    for (ActorSystem<?> other : others) {
      deepest = Math.max(deepest, RuntimeStats.get(other).deepestMailbox());
    }
    return deepest;
  }

  @Override
  public void resetDeepestMailbox() {
    RuntimeStats.get(coordinator).resetDeepestMailbox();
    others.forEach(o -> RuntimeStats.get(o).resetDeepestMailbox());
  }

  @Override
  public List<String> lostNodes() {
    return List.copyOf(losses);
  }

  @Override
  public void close() {
    coordinator.terminate();
    stopOthers.run();
    ActorSimulator.awaitStop(coordinator);
  }
}
