package io.deepsnn.actors.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.actors.topology.Tiling;
import io.deepsnn.actors.topology.TopologyPlan;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.testing.RandomGraphs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The clock's protocol, with probes for its tiles: it starts an image batch on every tile, ticks
 * the input only as far as the barrier allows (lockstep: one timestep; pipelined: the depth), and
 * answers with the result gathered from the tiles' reports.
 */
class ClockProtocolTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final Duration QUIET = Duration.ofMillis(200);

  private final Graph graph = RandomGraphs.vgg(1);
  private final SpikingNetwork net = SpikingNetwork.compile(graph);
  private final TopologyPlan plan = new TopologyPlan(net, Tiling.whole());
  private final List<SnnInput> images = RandomGraphs.images(graph, 1, 2, 10);

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private record Clock(ActorRef<ClockActor.Command> ref, List<TestProbe<TileActor.Command>> tiles) {
  }

  private Clock clock(Timing timing, int depth) {
    List<TestProbe<TileActor.Command>> probes = new ArrayList<>();
    List<ActorRef<TileActor.Command>> refs = new ArrayList<>();
    for (int k = 0; k < plan.tiles().size(); k++) {
      TestProbe<TileActor.Command> p = KIT.createTestProbe();
      probes.add(p);
      refs.add(p.getRef());
    }
    ActorSettings settings = ActorSettings.defaults(1).withTiming(timing).withPipelineDepth(depth);
    ActorRef<ClockActor.Command> ref = KIT.spawn(Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        ClockActor.running(ctx, timers, plan, SimulationOptions.defaults(3.0), settings, refs))));
    return new Clock(ref, probes);
  }

  /**
   * The tiles report timestep {@code t} done as they do: the sink (the output tile) every timestep,
   * every tile at a checkpoint, with stats (the output with predictions).
   */
  private void allDone(Clock c, int t, boolean checkpoint) {
    for (TopologyPlan.Tile tile : plan.tiles()) {
      if (!checkpoint && tile.layer() != net.outputIndex()) {
        continue;
      }
      ClockActor.TileStats stats = checkpoint ? new ClockActor.TileStats(tile.layer(), 10 + tile.layer(), 100, 0, 1,
          Long.MIN_VALUE) : null;
      int[] predictions = checkpoint && tile.layer() == net.outputIndex() ? new int[] {images.get(0).label(), -1}
          : null;
      c.ref().tell(new ClockActor.TileDone(0, t, tile.id(), stats, predictions));
    }
  }

  @Test
  void inLockstepTheInputIsTickedOneTimestepAtATime() {
    Clock c = clock(Timing.LOCKSTEP, 4);
    TestProbe<ClockActor.BatchOutcome> reply = KIT.createTestProbe();
    c.ref().tell(new ClockActor.RunBatch(0, images, new int[] {2}, reply.getRef()));
    for (int k = 0; k < c.tiles().size(); k++) {
      TileActor.StartBatch s = c.tiles().get(k).expectMessageClass(TileActor.StartBatch.class);
      assertArrayEquals(new long[] {images.get(0).index(), images.get(1).index()}, s.indices());
      if (plan.tiles().get(k).layer() == 0) {
        assertEquals(images.get(0).x(), s.x()[0], "the input tile gets the images' values");
      } else {
        assertNull(s.x(), "with Poisson input no other tile needs them");
      }
    }
    TestProbe<TileActor.Command> input = c.tiles().get(0);
    assertEquals(new TileActor.EmitTimestep(0, 0), input.receiveMessage());
    input.expectNoMessage(QUIET);
    allDone(c, 0, false);
    assertEquals(new TileActor.EmitTimestep(0, 1), input.receiveMessage());
    allDone(c, 1, true);
    ClockActor.BatchOutcome o = reply.receiveMessage();
    assertNull(o.failure());
    assertEquals(2, o.result().images());
    assertEquals(1, o.result().correct()[0], "image 0 predicted right, image 1 not");
    assertEquals(10 + net.outputIndex(), o.result().spikes()[0][net.outputIndex()]);
    for (TestProbe<TileActor.Command> t : c.tiles()) {
      assertTrue(t.fishForMessage(Duration.ofSeconds(3), m -> m instanceof TileActor.EndBatch
          ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
          : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore()).size() > 0);
    }
  }

  @Test
  void pipelinedTicksRunUpToTheDepthAheadOfTheSlowestTile() {
    Clock c = clock(Timing.PIPELINED, 3);
    TestProbe<ClockActor.BatchOutcome> reply = KIT.createTestProbe();
    c.ref().tell(new ClockActor.RunBatch(0, images, new int[] {6}, reply.getRef()));
    TestProbe<TileActor.Command> input = c.tiles().get(0);
    input.expectMessageClass(TileActor.StartBatch.class);
    for (int t = 0; t < 3; t++) {
      assertEquals(new TileActor.EmitTimestep(0, t), input.receiveMessage());
    }
    input.expectNoMessage(QUIET);
    allDone(c, 0, false);
    assertEquals(new TileActor.EmitTimestep(0, 3), input.receiveMessage());
    input.expectNoMessage(QUIET);
  }

  @Test
  void betweenCheckpointsTheSinkIsEnoughButACheckpointWaitsForEveryTilesStatistics() {
    Clock c = clock(Timing.LOCKSTEP, 1);
    TestProbe<ClockActor.BatchOutcome> reply = KIT.createTestProbe();
    c.ref().tell(new ClockActor.RunBatch(0, images, new int[] {2}, reply.getRef()));
    TestProbe<TileActor.Command> input = c.tiles().get(0);
    input.expectMessageClass(TileActor.StartBatch.class);
    assertEquals(new TileActor.EmitTimestep(0, 0), input.receiveMessage());
    // A report from a tile that is no sink, between checkpoints, is not what completes a timestep.
    c.ref().tell(new ClockActor.TileDone(0, 0, 1, null, null));
    input.expectNoMessage(QUIET);
    c.ref().tell(new ClockActor.TileDone(0, 0, plan.outputTile().id(), null, null));
    assertEquals(new TileActor.EmitTimestep(0, 1), input.receiveMessage());
    // At the checkpoint the output's report comes first: the batch waits for the others' statistics.
    TopologyPlan.Tile out = plan.outputTile();
    c.ref().tell(new ClockActor.TileDone(0, 1, out.id(), new ClockActor.TileStats(out.layer(), 5, 0, 0, 1,
        Long.MIN_VALUE), new int[] {0, 0}));
    reply.expectNoMessage(QUIET);
    for (TopologyPlan.Tile tile : plan.tiles()) {
      if (tile.id() != out.id()) {
        c.ref().tell(new ClockActor.TileDone(0, 1, tile.id(), new ClockActor.TileStats(tile.layer(), 7, 0, 0, 1,
            Long.MIN_VALUE), null));
      }
    }
    ClockActor.BatchOutcome o = reply.receiveMessage();
    assertEquals(7, o.result().spikes()[0][0], "the input tile's statistics are in");
  }

  @Test
  void aTileFailureFailsTheBatchWithItsReason() {
    Clock c = clock(Timing.LOCKSTEP, 1);
    TestProbe<ClockActor.BatchOutcome> reply = KIT.createTestProbe();
    c.ref().tell(new ClockActor.RunBatch(5, images, new int[] {2}, reply.getRef()));
    c.ref().tell(new ClockActor.RuntimeFailure(5, "tile L2.t0: edge 3 lost"));
    ClockActor.BatchOutcome o = reply.receiveMessage();
    assertEquals("image batch 5: tile L2.t0: edge 3 lost", o.failure());
    assertNull(o.result());
  }
}
