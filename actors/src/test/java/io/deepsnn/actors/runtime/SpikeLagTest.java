package io.deepsnn.actors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The run's spike lag from the edge counters, on hand-computed counts. */
class SpikeLagTest {
  @Test
  void meanLagOverIntegratedSpikesAndTheShareNeverIntegrated() {
    // Edge 0: 10 sent and received, 8 integrated, 16 timesteps of lag in all; edge 1: 5 on time.
    SpikeLag lag = SpikeLag.of(List.of(new EdgeCounters.EdgeCount(0, 10, 10, 8, 16),
        new EdgeCounters.EdgeCount(1, 5, 5, 5, 0)));
    assertEquals(16.0 / 13, lag.meanLag(), 1e-12);
    assertEquals(2.0 / 15, lag.droppedFraction(), 1e-12);
    assertEquals("spikes were integrated 1.23 timesteps after they were fired, on average; 13.33 % arrived after "
        + "their image batch had ended", lag.describe());
    assertEquals(SpikeLag.NONE, SpikeLag.of(List.of()));
    assertEquals(SpikeLag.NONE, SpikeLag.of(List.of(new EdgeCounters.EdgeCount(0, 0, 0, 0, 0))));
  }
}
