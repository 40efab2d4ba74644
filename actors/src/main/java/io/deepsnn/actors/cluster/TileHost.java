package io.deepsnn.actors.cluster;

import io.deepsnn.actors.runtime.ClockActor;
import io.deepsnn.actors.runtime.TileActor;
import io.deepsnn.actors.runtime.WireMessage;
import io.deepsnn.actors.topology.TopologyPlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
 * {@link #KEY} and, when the coordinator asks, spawns tile actors here — built from this node's
 * own copy of the network — and answers with their refs. The tiles then report to the
 * coordinator's clock like local ones.
 */
public final class TileHost extends AbstractBehavior<TileHost.Command> {
  /** The receptionist key every tile host registers under. */
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "deepsnn-tile-host");

  /** Messages a tile host understands. */
  public interface Command {
  }

  /**
   * Spawn {@code tiles} (tile ids of the plan) reporting to {@code clock}; the network must have
   * {@code fingerprint}. The answer, a {@link TileDeployment.TilesSpawned}, goes to {@code replyTo}.
   */
  public record SpawnTiles(long fingerprint, int[] tiles, ActorRef<ClockActor.Command> clock,
                           ActorRef<ClockActor.Command> replyTo) implements Command, WireMessage {
  }

  /** A tile host for {@code network}, registered with the receptionist. */
  public static Behavior<Command> create(NodeNetwork network) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
      return new TileHost(ctx, network);
    });
  }

  private final NodeNetwork network;
  private final long fingerprint;
  /** Deployments served so far: tile names carry it, so a host can serve several in turn. */
  private int deployments;

  private TileHost(ActorContext<Command> ctx, NodeNetwork network) {
    super(ctx);
    this.network = network;
    this.fingerprint = network.fingerprint();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder().onMessage(SpawnTiles.class, this::onSpawnTiles).build();
  }

  private Behavior<Command> onSpawnTiles(SpawnTiles m) {
    String node = getContext().getSystem().address().toString();
    if (m.fingerprint() != fingerprint) {
      m.replyTo().tell(new TileDeployment.TilesSpawned(node, m.tiles(), List.of(), "node " + node
          + " holds another network (fingerprint " + Long.toHexString(fingerprint) + ", the coordinator's is "
          + Long.toHexString(m.fingerprint()) + "): start every node with the same .snn file and options"));
      return this;
    }
    TopologyPlan plan = network.plan();
    List<ActorRef<TileActor.Command>> refs = new ArrayList<>();
    int deployment = deployments++;
    for (int id : m.tiles()) {
      TopologyPlan.Tile t = plan.tiles().get(id);
      // Consumers come later, in a TileActor.Connect from the clock.
      TileActor.Wiring wiring = TileActor.Wiring.of(plan, t, network.thresholds(), network.options(),
          network.settings(), m.clock(), new HashMap<>());
      refs.add(getContext().spawn(TileActor.create(wiring), t.name() + "-d" + deployment, ClockActor.tileProps()));
    }
    m.replyTo().tell(new TileDeployment.TilesSpawned(node, m.tiles(), refs, null));
    return this;
  }
}
