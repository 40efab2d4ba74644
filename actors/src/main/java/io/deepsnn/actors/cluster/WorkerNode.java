package io.deepsnn.actors.cluster;

import io.deepsnn.actors.runtime.NodeNetwork;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * The root of a worker node ({@code snn node}): it runs this node's {@link TileHost}, and stops
 * the node when the coordinator it joined leaves the cluster or becomes unreachable, or when it
 * could not join at all within the join timeout — so that a worker never outlives its run.
 */
public final class WorkerNode {
  private WorkerNode() {
  }

  /** Messages of the worker's root. */
  public sealed interface Command permits MemberGone, Up, JoinTimeout, Refused {
  }

  /** This node's tile host refused the coordinator's deployment ({@code reason} says why): the node stops. */
  public record Refused(String reason) implements Command {
  }

  /** Why a worker stopped: normally ({@code clean}, the coordinator left), or not. */
  public record Stopped(boolean clean, String reason) {
  }

  private record MemberGone(Address address, boolean clean, String why) implements Command {
  }

  private record Up() implements Command {
  }

  private record JoinTimeout() implements Command {
  }

  /**
   * A worker for {@code network} that stops when the node at {@code coordinator} is gone, or when
   * it is not a cluster member within {@code joinTimeout}; {@code stopped} says why.
   */
  public static Behavior<Command> create(NodeNetwork network, Address coordinator, Duration joinTimeout,
                                         CompletableFuture<Stopped> stopped) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ctx.spawn(TileHost.create(network, ctx.getSelf()), "tile-host");
      Cluster cluster = Cluster.get(ctx.getSystem());
      cluster.subscriptions().tell(Subscribe.create(ctx.messageAdapter(SelfUp.class, e -> new Up()), SelfUp.class));
      cluster.subscriptions().tell(Subscribe.create(ctx.messageAdapter(ClusterEvent.MemberRemoved.class,
          e -> new MemberGone(e.member().address(), true, "left the cluster")), ClusterEvent.MemberRemoved.class));
      cluster.subscriptions().tell(Subscribe.create(ctx.messageAdapter(ClusterEvent.UnreachableMember.class,
          e -> new MemberGone(e.member().address(), false, "became unreachable")),
          ClusterEvent.UnreachableMember.class));
      timers.startSingleTimer(new JoinTimeout(), joinTimeout);
      return Behaviors.receive(Command.class)
          .onMessage(Up.class, m -> {
            timers.cancelAll();
            return Behaviors.same();
          })
          .onMessage(JoinTimeout.class, m -> stop(ctx, stopped, new Stopped(false, "could not join the coordinator "
              + coordinator + " within " + joinTimeout.toSeconds() + " s (is it running, with --listen at that "
              + "address, and reachable from here?)")))
          .onMessage(Refused.class, m -> stop(ctx, stopped, new Stopped(false, "the coordinator left it out: "
              + m.reason())))
          .onMessage(MemberGone.class, m -> !m.address().equals(coordinator) ? Behaviors.same()
              : stop(ctx, stopped, new Stopped(m.clean(), "the coordinator " + coordinator + " " + m.why())))
          .build();
    }));
  }

  /** Stops the node; whoever started it reports why. */
  private static Behavior<Command> stop(ActorContext<Command> ctx, CompletableFuture<Stopped> stopped, Stopped why) {
    stopped.complete(why);
    return Behaviors.stopped();
  }
}
