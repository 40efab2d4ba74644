package io.deepsnn.actors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.actors.topology.Tiling;
import io.deepsnn.actors.topology.TopologyPlan;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.snn.Thresholds;
import io.deepsnn.network.testing.RandomGraphs;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A neuron tile's protocol, with probes for its clock and its consumers: it fires a timestep once
 * every inbound edge has delivered it, holds batches of later timesteps and of image batches not
 * started yet, and reports a gap in an edge's sequence numbers instead of integrating silence.
 */
class TileProtocolTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final Duration QUIET = Duration.ofMillis(200);

  private final SpikingNetwork net = SpikingNetwork.compile(RandomGraphs.vgg(1));
  private final Thresholds thresholds = RandomGraphs.thresholds(net, 1);
  private final TopologyPlan plan = new TopologyPlan(net, Tiling.count(2));
  /** A hidden tile fed by two tiles of its source layer. */
  private final TopologyPlan.Tile tile = plan.tiles().stream()
      .filter(t -> t.layer() > 0 && t.layer() < net.outputIndex() && plan.inbound(t.id()).size() == 2)
      .findFirst().orElseThrow();
  private final int edgeA = plan.inbound(tile.id()).get(0).id();
  private final int edgeB = plan.inbound(tile.id()).get(1).id();
  private TestProbe<ClockActor.Command> clock;
  private TestProbe<TileActor.Command> consumer;
  private ActorRef<TileActor.Command> actor;

  @BeforeEach
  void spawn() {
    clock = KIT.createTestProbe();
    consumer = KIT.createTestProbe();
    Map<Integer, ActorRef<TileActor.Command>> consumers = new HashMap<>();
    plan.outbound(tile.id()).forEach(e -> consumers.put(e.id(), consumer.getRef()));
    ActorSettings settings = ActorSettings.defaults(1).withTiling(Tiling.count(2)).withTiming(Timing.PIPELINED);
    actor = KIT.spawn(TileActor.create(TileActor.Wiring.of(plan, tile, thresholds, SimulationOptions.defaults(3.0),
        settings, clock.getRef(), consumers)));
  }

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static TileActor.SpikeBatch batch(int edge, int batch, int t, long seq) {
    return new TileActor.SpikeBatch(edge, batch, t, seq, new int[][] {{}});
  }

  private void start(int batch, int... checkpoints) {
    actor.tell(new TileActor.StartBatch(batch, new long[] {7}, new int[] {3}, checkpoints, null));
  }

  private ClockActor.TileDone done() {
    ClockActor.Command m = clock.receiveMessage();
    assertTrue(m instanceof ClockActor.TileDone, "expected a TileDone, got " + m);
    return (ClockActor.TileDone) m;
  }

  @Test
  void aTimestepFiresOnceEveryEdgeHasDeliveredAndLaterOnesWait() {
    start(0, 1, 2);
    actor.tell(batch(edgeA, 0, 0, 0));
    // Edge A runs ahead: its timestep 1 arrives before edge B's timestep 0.
    actor.tell(batch(edgeA, 0, 1, 1));
    clock.expectNoMessage(QUIET);
    consumer.expectNoMessage(Duration.ZERO);
    actor.tell(batch(edgeB, 0, 0, 0));
    ClockActor.TileDone first = done();
    assertEquals(0, first.timestep());
    assertEquals(tile.layer(), first.stats().layer(), "a checkpoint: with the statistics");
    TileActor.SpikeBatch sent = consumer.expectMessageClass(TileActor.SpikeBatch.class);
    assertEquals(0, sent.timestep());
    assertEquals(0, sent.sequence());
    // Timestep 1 has edge A's held batch; it fires when edge B's arrives.
    clock.expectNoMessage(QUIET);
    actor.tell(batch(edgeB, 0, 1, 1));
    ClockActor.TileDone second = done();
    assertEquals(1, second.timestep());
    assertNotNull(second.stats(), "timestep 2 (1-based) is the checkpoint");
    assertEquals(tile.layer(), second.stats().layer());
    assertEquals(1, consumer.expectMessageClass(TileActor.SpikeBatch.class).sequence());
  }

  @Test
  void aTileThatIsNoSinkReportsOnlyTheCheckpoints() {
    start(0, 3);
    for (int t = 0; t < 3; t++) {
      actor.tell(batch(edgeA, 0, t, t));
      actor.tell(batch(edgeB, 0, t, t));
      assertEquals(t, consumer.expectMessageClass(TileActor.SpikeBatch.class).timestep());
    }
    ClockActor.TileDone d = done();
    assertEquals(2, d.timestep(), "timesteps 0 and 1 went unreported: the output tile's reports cover them");
    assertNotNull(d.stats());
  }

  @Test
  void aGapInAnEdgesSequenceIsReportedNamingTheEdge() {
    start(0, 3);
    actor.tell(batch(edgeA, 0, 0, 1));
    ClockActor.Command m = clock.receiveMessage();
    assertTrue(m instanceof ClockActor.RuntimeFailure, m.toString());
    String reason = ((ClockActor.RuntimeFailure) m).reason();
    assertTrue(reason.contains("tile " + tile.name()) && reason.contains("edge " + edgeA)
        && reason.contains("expected batch sequence 0, got 1") && reason.contains("lost"), reason);
  }

  @Test
  void spikesThatOvertakeTheStartOfTheirImageBatchWaitForIt() {
    actor.tell(batch(edgeA, 0, 0, 0));
    actor.tell(batch(edgeB, 0, 0, 0));
    clock.expectNoMessage(QUIET);
    start(0, 1);
    ClockActor.TileDone d = done();
    assertEquals(0, d.batch());
    assertEquals(0, d.timestep());
  }

  @Test
  void aSecondDeliveryOfATimestepFailsTheBatch() {
    start(0, 3);
    actor.tell(batch(edgeA, 0, 0, 0));
    actor.tell(new TileActor.StatusRequest(0));
    ClockActor.TileStatus status = clock.expectMessageClass(ClockActor.TileStatus.class);
    assertEquals(0, status.timestep());
    assertEquals(List.of(edgeB), status.missingEdges());
    // The producer on edge A sends timestep 0 again, with the next sequence number.
    actor.tell(batch(edgeA, 0, 0, 1));
    ClockActor.Command m = clock.receiveMessage();
    assertTrue(m instanceof ClockActor.RuntimeFailure
        && ((ClockActor.RuntimeFailure) m).reason().contains("delivered timestep 0 twice"), m.toString());
  }

  @Test
  void theCountersSayWhatEachEdgeReceivedAndIntegrated() {
    start(0, 3);
    actor.tell(new TileActor.SpikeBatch(edgeA, 0, 0, 0, new int[][] {{}}));
    actor.tell(new TileActor.CountersRequest());
    ClockActor.TileCounters c = clock.expectMessageClass(ClockActor.TileCounters.class);
    assertEquals(tile.id(), c.tile());
    assertEquals(List.of(edgeA, edgeB), java.util.Arrays.stream(c.inEdges()).boxed().toList());
    assertEquals(0, c.received()[0] + c.received()[1]);
  }
}
