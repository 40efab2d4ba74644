package io.deepsnn.actors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** When a tile's timestep is complete, what waits for a later one, and what is refused. */
class TimestepGateTest {
  @Test
  void aTimestepCompletesWhenEveryEdgeDeliveredItOnce() {
    TimestepGate<String> gate = new TimestepGate<>(2);
    assertEquals(TimestepGate.Admission.NOW, gate.offer(0, 0, "a0"));
    assertFalse(gate.complete());
    assertEquals(List.of(1), gate.missing());
    assertEquals(TimestepGate.Admission.DUPLICATE, gate.offer(0, 0, "a0 again"));
    assertEquals(TimestepGate.Admission.NOW, gate.offer(1, 0, "b0"));
    assertTrue(gate.complete());
    assertEquals(List.of(), gate.missing());
  }

  @Test
  void batchesOfLaterTimestepsWaitAndComeBackWhenDue() {
    TimestepGate<String> gate = new TimestepGate<>(2);
    assertEquals(TimestepGate.Admission.NOW, gate.offer(0, 0, "a0"));
    // Edge 0 runs ahead (pipelined): its next two timesteps wait.
    assertEquals(TimestepGate.Admission.HELD, gate.offer(0, 1, "a1"));
    assertEquals(TimestepGate.Admission.HELD, gate.offer(0, 2, "a2"));
    assertEquals(TimestepGate.Admission.DUPLICATE, gate.offer(0, 2, "a2 again"));
    assertEquals(TimestepGate.Admission.NOW, gate.offer(1, 0, "b0"));
    assertTrue(gate.complete());

    List<TimestepGate.Delivery<String>> due = gate.advance();
    assertEquals(1, gate.current());
    assertEquals(List.of(new TimestepGate.Delivery<>(0, "a1")), due);
    assertFalse(gate.complete(), "edge 1 has not delivered timestep 1");
    assertEquals(List.of(1), gate.missing());
    assertEquals(TimestepGate.Admission.LATE, gate.offer(1, 0, "b0 late"));
    assertEquals(TimestepGate.Admission.NOW, gate.offer(1, 1, "b1"));
    assertTrue(gate.complete());
    assertEquals(List.of(new TimestepGate.Delivery<>(0, "a2")), gate.advance());
    assertEquals(List.of(), gate.advance().stream().filter(d -> d.edge() == 1).toList());
  }

  @Test
  void aTileWithoutInboundEdgesIsAlwaysComplete() {
    TimestepGate<String> gate = new TimestepGate<>(0);
    assertTrue(gate.complete());
    assertEquals(List.of(), gate.advance());
    assertTrue(gate.complete());
  }

  @Test
  void sequencesAcceptOnlyTheNextNumberOfEachEdge() {
    EdgeSequences s = new EdgeSequences(2);
    assertTrue(s.accept(0, 0));
    assertTrue(s.accept(0, 1));
    assertFalse(s.accept(1, 1), "edge 1's batch 0 was lost");
    assertEquals(0, s.expected(1));
    assertTrue(s.accept(1, 0));
    assertFalse(s.accept(0, 1), "a batch delivered twice is a gap too");
    assertEquals(2, s.expected(0));
  }

  @Test
  void spikesForImageBatchesNotStartedWaitForTheStart() {
    NotStarted<String> n = new NotStarted<>();
    assertTrue(n.isEarly(0));
    n.hold(1, "x");
    n.hold(1, "y");
    n.hold(2, "z");
    assertEquals(List.of(), n.start(0));
    assertEquals(List.of("x", "y"), n.start(1));
    assertFalse(n.isEarly(1), "batch 1 has started: a batch for it that the tile does not hold has ended");
    assertTrue(n.isEarly(2));
    assertEquals(List.of("z"), n.start(2));
    assertEquals(List.of(), n.start(2));
  }
}
