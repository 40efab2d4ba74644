package io.deepsnn.actors.cluster;

import io.deepsnn.actors.runtime.ClockActor;
import java.util.Map;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The coordinator's watch over the nodes that host a deployment's tiles. When one of them becomes
 * unreachable (crashed, or cut off) or leaves the cluster, the tiles it held — and their membrane
 * state — are gone, so it tells the clock to {@link ClockActor.Abort abort}, naming the node and
 * its tiles, as soon as the failure detector notices (seconds), not after the stall timeout; the
 * simulator then fails over to a deployment on the nodes that are left, or fails. An unreachable
 * node is also downed ({@link NodeLosses#settle}).
 */
final class NodeWatch {
  private NodeWatch() {
  }

  /** What the watch hears from the cluster. */
  sealed interface Command permits Gone {
  }

  private record Gone(Address node, boolean unreachable) implements Command {
  }

  /**
   * A watch over the nodes of {@code hosted} (node address, as {@link Address#toString()}, to a
   * description of the tiles it hosts) on behalf of {@code clock}; it stops after the first loss.
   */
  static Behavior<Command> create(Map<String, String> hosted, ActorRef<ClockActor.Command> clock) {
    return Behaviors.setup(ctx -> {
      NodeLosses.subscribe(ctx, (node, unreachable) -> new Gone(node.address(), unreachable));
      return Behaviors.receive(Command.class)
          .onMessage(Gone.class, m -> onGone(ctx, m, hosted, clock))
          .build();
    });
  }

  private static Behavior<Command> onGone(ActorContext<Command> ctx, Gone m, Map<String, String> hosted,
                                          ActorRef<ClockActor.Command> clock) {
    String tiles = hosted.get(m.node().toString());
    if (tiles == null) {
      return Behaviors.same();
    }
    NodeLosses.settle(ctx.getSystem(), m.node(), m.unreachable());
    clock.tell(new ClockActor.Abort("node " + m.node() + " " + NodeLosses.describe(m.unreachable())
        + " during the run, and with it " + tiles, m.node().toString()));
    return Behaviors.stopped();
  }
}
