package io.deepsnn.actors.cluster;

import io.deepsnn.actors.runtime.NodeNetwork;
import io.deepsnn.actors.runtime.Deployment;
import io.deepsnn.actors.runtime.ActorSettings;
import io.deepsnn.actors.runtime.ClockActor;
import io.deepsnn.actors.runtime.TileActor;
import io.deepsnn.actors.runtime.WireMessage;
import io.deepsnn.actors.topology.TopologyPlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * One per node of a multi-node run: it registers with the cluster's receptionist under
 * {@link #KEY} and, when a coordinator asks, spawns tile actors here — built from this node's own
 * copy of the network — and answers with their refs. The tiles report to the coordinator's clock
 * like local ones, and stop when that clock stops (a run, or one Spike-Norm layer, is over).
 */
public final class TileHost extends AbstractBehavior<TileHost.Command> {
  /** The receptionist key every tile host registers under. */
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "deepsnn-tile-host");

  /** Messages a tile host understands. */
  public sealed interface Command permits SpawnTiles, ClockStopped {
  }

  /**
   * Spawn {@code tiles} (tile ids of the plan the deployment {@code what} describes), reporting to
   * {@code clock}; the network must have {@code fingerprint}. The answer, a
   * {@link TileDeployment.TilesSpawned}, goes to {@code replyTo}.
   */
  public record SpawnTiles(long fingerprint, Deployment what, int[] tiles, ActorRef<ClockActor.Command> clock,
                           ActorRef<ClockActor.Command> replyTo) implements Command, WireMessage {
  }

  /** The clock of a deployment stopped: its tiles here stop too. */
  private record ClockStopped(List<ActorRef<TileActor.Command>> tiles)
      implements Command, NoSerializationVerificationNeeded {
  }

  /** A tile host for {@code network}, registered with the receptionist. */
  public static Behavior<Command> create(NodeNetwork network) {
    return create(network, null);
  }

  /**
   * As above, on a worker node: when the host refuses a coordinator's deployment because it holds
   * another network, it tells {@code worker} (which stops the node, naming why).
   */
  public static Behavior<Command> create(NodeNetwork network, ActorRef<WorkerNode.Command> worker) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
      return new TileHost(ctx, network, worker);
    });
  }

  private final NodeNetwork network;
  private final ActorRef<WorkerNode.Command> worker;
  private final long fingerprint;
  /** Deployments served so far: tile names carry it, so a host serves one run after another. */
  private int deployments;

  private TileHost(ActorContext<Command> ctx, NodeNetwork network, ActorRef<WorkerNode.Command> worker) {
    super(ctx);
    this.network = network;
    this.worker = worker;
    this.fingerprint = network.fingerprint();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(SpawnTiles.class, this::onSpawnTiles)
        .onMessage(ClockStopped.class, this::onClockStopped)
        .build();
  }

  private Behavior<Command> onSpawnTiles(SpawnTiles m) {
    String node = getContext().getSystem().address().toString();
    String refused = refusal(m, node);
    if (refused != null) {
      m.replyTo().tell(new TileDeployment.TilesSpawned(node, m.tiles(), List.of(), refused));
      if (worker != null && m.fingerprint() != fingerprint) {
        worker.tell(new WorkerNode.Refused(refused));
      }
      return this;
    }
    if (m.tiles().length == 0) {
      // The coordinator's probe: this host holds its network.
      m.replyTo().tell(new TileDeployment.TilesSpawned(node, m.tiles(), List.of(), null));
      return this;
    }
    Deployment what = m.what();
    ActorSettings settings = what.on(network.settings());
    TopologyPlan plan = network.plan(settings.tiling(), what.probeLayer());
    List<ActorRef<TileActor.Command>> refs = new ArrayList<>();
    int deployment = deployments++;
    for (int id : m.tiles()) {
      TopologyPlan.Tile t = plan.tiles().get(id);
      // Consumers come later, in a TileActor.Connect from the clock.
      TileActor.Wiring wiring = TileActor.Wiring.of(plan, t, what.thresholds(), what.options(), settings,
          m.clock(), new HashMap<>());
      refs.add(getContext().spawn(TileActor.create(wiring), t.name() + "-d" + deployment, TileActor.props()));
    }
    getContext().watchWith(m.clock(), new ClockStopped(refs));
    m.replyTo().tell(new TileDeployment.TilesSpawned(node, m.tiles(), refs, null));
    return this;
  }

  /** Why this host cannot spawn what {@code m} asks for, or null. */
  private String refusal(SpawnTiles m, String node) {
    if (m.fingerprint() != fingerprint) {
      return "node " + node + " holds another network (fingerprint " + Long.toHexString(fingerprint)
          + ", the coordinator's is " + Long.toHexString(m.fingerprint()) + "): start every node with the same "
          + ".snn file";
    }
    Deployment what = m.what();
    int layers = network.network().size();
    if (what.thresholds().size() != layers || (what.probeLayer() != NodeNetwork.WHOLE
        && (what.probeLayer() < 1 || what.probeLayer() >= layers))) {
      return "node " + node + ": a deployment of probe layer " + what.probeLayer() + " with "
          + what.thresholds().size() + " thresholds does not fit a network of " + layers + " layers";
    }
    int tiles = network.plan(what.settings().tiling(), what.probeLayer()).tiles().size();
    for (int id : m.tiles()) {
      if (id < 0 || id >= tiles) {
        return "node " + node + ": no tile " + id + " (the plan has " + tiles + ")";
      }
    }
    return null;
  }

  private Behavior<Command> onClockStopped(ClockStopped m) {
    m.tiles().forEach(getContext()::stop);
    return this;
  }
}
