package io.deepsnn.actors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The clock's barrier: what may be ticked, and when a timestep is complete; and the async pacer. */
class TimestepBarrierTest {
  @Test
  void inLockstepTheNextTickWaitsForEveryTile() {
    TimestepBarrier b = new TimestepBarrier(3, 2, 1);
    assertEquals(0, b.nextTick());
    b.ticked(0);
    assertEquals(-1, b.nextTick(), "timestep 1 waits for timestep 0");
    assertFalse(b.tileDone(0));
    assertFalse(b.tileDone(0));
    assertEquals(-1, b.nextTick());
    assertTrue(b.tileDone(0), "the third tile completes timestep 0");
    assertEquals(0, b.completed());
    assertEquals(1, b.nextTick());
    b.ticked(1);
    assertEquals(-1, b.nextTick(), "only two timesteps");
    b.tileDone(1);
    b.tileDone(1);
    assertFalse(b.finished());
    b.tileDone(1);
    assertTrue(b.finished());
  }

  @Test
  void pipelinedTicksRunUpToTheDepthAhead() {
    TimestepBarrier b = new TimestepBarrier(2, 10, 3);
    for (int t = 0; t < 3; t++) {
      assertEquals(t, b.nextTick());
      b.ticked(t);
    }
    assertEquals(-1, b.nextTick(), "three ahead of nothing completed");
    // A tile ahead finishes timestep 1 before the other finished 0: nothing completes yet.
    assertFalse(b.tileDone(0));
    assertFalse(b.tileDone(1));
    assertEquals(-1, b.completed());
    assertTrue(b.tileDone(0));
    assertEquals(0, b.completed());
    assertTrue(b.tileDone(1), "timestep 1 was only waiting for timestep 0");
    assertEquals(1, b.completed());
    assertEquals(3, b.nextTick());
    b.ticked(3);
    assertEquals(4, b.nextTick());
    assertThrows(IllegalStateException.class, () -> b.ticked(5));
  }

  @Test
  void thePacerHoldsEachTimestepUntilItsWallClockTime() {
    TickPacer p = new TickPacer(Duration.ofMillis(10), 1_000_000);
    assertEquals(Duration.ZERO, p.untilDue(0, 1_000_000));
    assertEquals(Duration.ofMillis(25), p.untilDue(3, 6_000_000));
    assertEquals(Duration.ZERO, p.untilDue(3, 40_000_000), "late: due at once");
    assertEquals(Duration.ZERO, new TickPacer(Duration.ZERO, 0).untilDue(1000, 0), "no interval: as fast as the tiles go");
  }
}
