package io.deepsnn.actors.cluster;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.UniqueAddress;

/**
 * A session's record of the nodes it lost, whenever that happened (during a deployment, or
 * between two): each lost node once ("node ADDRESS left the cluster"), appended to a list the
 * session reads. An unreachable node is downed ({@link NodeLosses#settle}).
 */
final class LossLog {
  private LossLog() {
  }

  /** What the log hears from the cluster. */
  sealed interface Command permits Lost {
  }

  private record Lost(UniqueAddress node, boolean unreachable) implements Command {
  }

  /** A log appending to {@code losses} (a thread-safe list). */
  static Behavior<Command> create(List<String> losses) {
    return Behaviors.setup(ctx -> {
      NodeLosses.subscribe(ctx, Lost::new);
      Set<UniqueAddress> seen = new HashSet<>();
      Address self = ctx.getSystem().address();
      return Behaviors.receive(Command.class)
          .onMessage(Lost.class, m -> {
            // A node that leaves is reported as leaving, exiting and removed: the first report counts.
            if (!m.node().address().equals(self) && seen.add(m.node())) {
              NodeLosses.settle(ctx.getSystem(), m.node().address(), m.unreachable());
              losses.add("node " + m.node().address() + " " + NodeLosses.describe(m.unreachable()));
            }
            return Behaviors.same();
          })
          .build();
    });
  }
}
