package io.deepsnn.actors.cluster;

import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * The root of a worker node ({@code snn node}): it runs this node's {@link TileHost}, and stops
 * the node when the coordinator it joined leaves the cluster or becomes unreachable, so that a
 * worker never outlives its run.
 */
public final class WorkerNode {
  private WorkerNode() {
  }

  /** Messages of the worker's root. */
  public interface Command {
  }

  private static final String UNREACHABLE = "became unreachable";

  private record MemberGone(Address address, String why) implements Command {
  }

  /** A worker for {@code network} that stops when the node at {@code coordinator} is gone. */
  public static Behavior<Command> create(NodeNetwork network, Address coordinator) {
    return Behaviors.setup(ctx -> {
      ctx.spawn(TileHost.create(network), "tile-host");
      Cluster cluster = Cluster.get(ctx.getSystem());
      cluster.subscriptions().tell(Subscribe.create(ctx.messageAdapter(ClusterEvent.MemberRemoved.class,
          e -> new MemberGone(e.member().address(), "left the cluster")), ClusterEvent.MemberRemoved.class));
      cluster.subscriptions().tell(Subscribe.create(ctx.messageAdapter(ClusterEvent.UnreachableMember.class,
          e -> new MemberGone(e.member().address(), UNREACHABLE)), ClusterEvent.UnreachableMember.class));
      return Behaviors.receive(Command.class)
          .onMessage(MemberGone.class, m -> {
            if (!m.address().equals(coordinator)) {
              return Behaviors.same();
            }
            if (m.why().equals(UNREACHABLE)) {
              ctx.getLog().warn("the coordinator {} {}: this node stops", coordinator, m.why());
            } else {
              ctx.getLog().info("the coordinator {} {}: this node stops", coordinator, m.why());
            }
            return Behaviors.stopped();
          })
          .build();
    });
  }
}
