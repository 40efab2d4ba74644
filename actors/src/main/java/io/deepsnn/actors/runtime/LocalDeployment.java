package io.deepsnn.actors.runtime;

import io.deepsnn.actors.topology.TopologyPlan;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.Thresholds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A deployment in one actor system: it spawns a tile actor for every tile of the plan as its
 * children, each already knowing its consumers, and becomes their {@link ClockActor}. (Across
 * cluster nodes the same is done by the cluster's {@code TileDeployment}.)
 */
public final class LocalDeployment {
  private LocalDeployment() {
  }

  /** The deployment of {@code plan} with {@code thresholds} and {@code options}. */
  public static Behavior<ClockActor.Command> create(TopologyPlan plan, Thresholds thresholds, SimulationOptions options,
                                                    ActorSettings settings) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> ClockActor.running(ctx, timers, plan, options,
        settings, spawnTiles(ctx, plan, thresholds, options, settings))));
  }

  /**
   * The props of a deployment's clock. In lockstep and pipelined timing it runs on the tiles'
   * compute dispatcher: a tick or a report then changes no thread (no park and wake-up per
   * timestep), which was most of what lockstep on one thread cost beyond the kernels. In async
   * timing it is a wall clock, on Pekko's default dispatcher, so that busy tiles do not hold up its
   * ticks.
   */
  public static Props props(ActorSettings settings) {
    return settings.timing() == Timing.ASYNC ? Props.empty()
        : DispatcherSelector.fromConfig("deepsnn.actors.compute-dispatcher");
  }

  /** Spawns a tile actor for every tile of {@code plan}; refs in plan order. */
  private static List<ActorRef<TileActor.Command>> spawnTiles(ActorContext<ClockActor.Command> ctx, TopologyPlan plan,
      Thresholds thresholds, SimulationOptions options, ActorSettings settings) {
    // Consumers before producers, so that every tile knows its consumers' refs from the start.
    Map<Integer, ActorRef<TileActor.Command>> byId = new HashMap<>();
    List<TopologyPlan.Tile> all = plan.tiles();
    for (int k = all.size() - 1; k >= 0; k--) {
      TopologyPlan.Tile t = all.get(k);
      Map<Integer, ActorRef<TileActor.Command>> consumers = new HashMap<>();
      for (TopologyPlan.Edge e : plan.outbound(t.id())) {
        consumers.put(e.id(), byId.get(e.to()));
      }
      TileActor.Wiring wiring = TileActor.Wiring.of(plan, t, thresholds, options, settings, ctx.getSelf(), consumers);
      byId.put(t.id(), ctx.spawn(TileActor.create(wiring), t.name(), TileActor.props()));
    }
    List<ActorRef<TileActor.Command>> tiles = new ArrayList<>();
    for (TopologyPlan.Tile t : all) {
      tiles.add(byId.get(t.id()));
    }
    return tiles;
  }
}
