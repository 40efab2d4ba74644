package io.deepsnn.actors.cluster;

import java.util.function.BiFunction;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * How the coordinator's actors hear that a cluster node is lost: it became unreachable (crashed,
 * stopped or cut off) or it is leaving. Shared by the simulator's {@code NodeWatch} and the
 * normalizer actor, so that both count the same events as a loss and treat them alike.
 */
public final class NodeLosses {
  private NodeLosses() {
  }

  /**
   * Subscribes {@code ctx}'s actor to node losses; each arrives as {@code toMessage(node,
   * unreachable)}, possibly more than once per node (a node that leaves goes through Leaving,
   * Exiting and Removed, and the first of them is enough to act on).
   *
   * @param ctx the subscribing actor's context
   * @param toMessage turns the lost node (its address and incarnation) and whether it became unreachable into a message
   * @param <T> the actor's message type
   */
  public static <T> void subscribe(ActorContext<T> ctx, BiFunction<UniqueAddress, Boolean, T> toMessage) {
    Cluster cluster = Cluster.get(ctx.getSystem());
    cluster.subscriptions().tell(Subscribe.create(ctx.messageAdapter(ClusterEvent.UnreachableMember.class,
        e -> toMessage.apply(e.member().uniqueAddress(), true)), ClusterEvent.UnreachableMember.class));
    cluster.subscriptions().tell(Subscribe.create(ctx.messageAdapter(ClusterEvent.MemberLeft.class,
        e -> toMessage.apply(e.member().uniqueAddress(), false)), ClusterEvent.MemberLeft.class));
    cluster.subscriptions().tell(Subscribe.create(ctx.messageAdapter(ClusterEvent.MemberExited.class,
        e -> toMessage.apply(e.member().uniqueAddress(), false)), ClusterEvent.MemberExited.class));
    cluster.subscriptions().tell(Subscribe.create(ctx.messageAdapter(ClusterEvent.MemberRemoved.class,
        e -> toMessage.apply(e.member().uniqueAddress(), false)), ClusterEvent.MemberRemoved.class));
  }

  /**
   * Acts on a loss: an unreachable node is downed, so that the nodes still up can leave the
   * cluster when the coordinator stops (a leaving node needs nothing).
   *
   * @param system the coordinator's actor system
   * @param node the lost node
   * @param unreachable whether it became unreachable (rather than leaving)
   */
  public static void settle(ActorSystem<?> system, Address node, boolean unreachable) {
    if (unreachable) {
      Cluster.get(system).manager().tell(new Down(node));
    }
  }

  /**
   * What happened to the node, for messages: "became unreachable (…)" or "left the cluster".
   *
   * @param unreachable whether it became unreachable
   * @return the phrase
   */
  public static String describe(boolean unreachable) {
    return unreachable ? "became unreachable (crashed, stopped or cut off)" : "left the cluster";
  }
}
