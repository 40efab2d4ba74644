package io.deepsnn.actors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.actors.topology.Tiling;
import io.deepsnn.actors.topology.TopologyPlan;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.testing.RandomGraphs;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Merging the tiles' counters into per-edge counts, and naming the edges of a stall. */
class EdgeCountersTest {
  @Test
  void eachEdgeTakesItsSendersAndItsReceiversCounts() {
    // Edge 0: tile 0 -> tile 1; edge 1: tile 0 -> tile 2; edge 2: tile 1 -> tile 2.
    List<ClockActor.TileCounters> tiles = List.of(
        new ClockActor.TileCounters(0, new int[] {0, 1}, new long[] {10, 4}, new int[0], new long[0], new long[0],
            new long[0]),
        new ClockActor.TileCounters(1, new int[] {2}, new long[] {7}, new int[] {0}, new long[] {10},
            new long[] {10}, new long[] {0}),
        new ClockActor.TileCounters(2, new int[0], new long[0], new int[] {1, 2}, new long[] {4, 6},
            new long[] {4, 5}, new long[] {8, 5}));
    EdgeCounters c = EdgeCounters.merge(3, tiles);
    assertEquals(new EdgeCounters.EdgeCount(0, 10, 10, 10, 0), c.edges().get(0));
    assertEquals(new EdgeCounters.EdgeCount(1, 4, 4, 4, 8), c.edges().get(1));
    assertEquals(new EdgeCounters.EdgeCount(2, 7, 6, 5, 5), c.edges().get(2));
    assertTrue(c.edges().get(1).conserved());
    assertFalse(c.edges().get(2).conserved());
  }

  @Test
  void aStallNamesTheWaitingTilesAndTheirMissingEdges() {
    TopologyPlan plan = new TopologyPlan(SpikingNetwork.compile(RandomGraphs.vgg(1)), Tiling.count(2));
    TopologyPlan.Edge e = plan.edges().get(plan.edges().size() - 1);
    String msg = StallReport.describe(plan, 4, Duration.ofSeconds(60), List.of(
        new ClockActor.TileStatus(0, e.to(), 4, List.of(e.id())),
        new ClockActor.TileStatus(0, e.from(), 5, List.of()),
        new ClockActor.TileStatus(0, 0, 3, List.of(0))));
    assertEquals("timestep 4 never completed (no progress for 60 s): tile " + plan.tiles().get(e.to()).name()
        + " is missing the batch of edge " + e.id() + " from " + plan.tiles().get(e.from()).name()
        + " — a spike batch was lost", msg);
    assertTrue(StallReport.describe(plan, 4, Duration.ofSeconds(1), List.of()).endsWith("no tile reported a missing "
        + "edge"));
  }
}
