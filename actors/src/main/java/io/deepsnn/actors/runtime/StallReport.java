package io.deepsnn.actors.runtime;

import io.deepsnn.actors.topology.TopologyPlan;
import java.time.Duration;
import java.util.Collection;

/**
 * Why an image batch stalled, from the tiles' answers to a status request: the tiles that wait on
 * the timestep that never completed, and the edges whose batches never came.
 */
final class StallReport {
  private StallReport() {
  }

  /** The failure message of a batch stuck at timestep {@code t} for {@code timeout}. */
  static String describe(TopologyPlan plan, int t, Duration timeout, Collection<ClockActor.TileStatus> statuses) {
    StringBuilder sb = new StringBuilder("timestep " + t + " never completed (no progress for " + timeout.toSeconds()
        + " s)");
    boolean any = false;
    for (ClockActor.TileStatus s : statuses) {
      if (s.timestep() != t) {
        continue;
      }
      for (int e : s.missingEdges()) {
        TopologyPlan.Edge edge = plan.edges().get(e);
        sb.append(any ? "; " : ": ").append("tile ").append(plan.tiles().get(s.tile()).name())
            .append(" is missing the batch of edge ").append(e).append(" from ")
            .append(plan.tiles().get(edge.from()).name());
        any = true;
      }
    }
    return sb.append(any ? " — a spike batch was lost" : "; no tile reported a missing edge").toString();
  }
}
