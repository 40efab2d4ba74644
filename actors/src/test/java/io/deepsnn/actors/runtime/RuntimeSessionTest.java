package io.deepsnn.actors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.actors.ActorRuntime;
import io.deepsnn.actors.cluster.ClusterSettings;
import io.deepsnn.actors.cluster.Placement;
import io.deepsnn.actors.testing.RunAssertions;
import io.deepsnn.actors.topology.Tiling;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.snn.SequentialSimulator;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SimulationResult;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.snn.Thresholds;
import io.deepsnn.network.testing.RandomGraphs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A session runs one deployment after another on the same actor system(s), a local run being a
 * one-node session; each actor system keeps its own statistics (a Pekko extension), so two
 * sessions never mix their traffic or mailbox depths.
 */
class RuntimeSessionTest {
  private final Graph graph = RandomGraphs.vgg(3);
  private final SpikingNetwork net = SpikingNetwork.compile(graph);
  private final Thresholds th = RandomGraphs.thresholds(net, 3);
  private final SimulationOptions options = SimulationOptions.defaults(3.0).withSeed(3);
  private final List<SnnInput> images = RandomGraphs.images(graph, 3, 4, 10);
  private final int[] checkpoints = {6, 18};
  private final SimulationResult expected = new SequentialSimulator(net, th, options).run(images, checkpoints);

  @Test
  void aOneNodeSessionDeploysOneRunAfterAnotherWithItsOwnStatistics() {
    ActorSettings settings = ActorSettings.defaults(2).withBatchImages(2);
    try (RuntimeSession a = ActorRuntime.open(new NodeNetwork(net, settings), null);
         RuntimeSession b = ActorRuntime.open(new NodeNetwork(net, settings), ClusterSettings.of(1, Placement.LAYERS))) {
      assertEquals(1, a.nodes());
      assertEquals(1, b.nodes());
      for (int k = 0; k < 3; k++) {
        ActorSettings s = settings.withTiling(Tiling.count(1 + k)).withTiming(k == 1 ? Timing.PIPELINED : Timing.LOCKSTEP);
        RuntimeSession.Deployed d = a.deploy(Deployment.whole(th, options, s));
        assertEquals("", d.where(), "one node: nothing to say about nodes");
        try (ActorSimulator sim = d.simulator()) {
          RunAssertions.assertSameRun(expected, sim.run(images, checkpoints), "deployment " + k);
        }
      }
      assertTrue(a.deepestMailbox() > 0, "the tiles' mailboxes were used");
      assertEquals(0, b.deepestMailbox(), "the other session's system saw none of it");
      assertEquals(RuntimeStats.Traffic.NONE, a.traffic(), "nothing is serialized in one actor system");
      a.resetDeepestMailbox();
      assertEquals(0, a.deepestMailbox());
      assertEquals(List.of(), a.lostNodes());
    }
  }

  @Test
  void aTwoNodeSessionCountsTheTrafficBetweenItsNodes() {
    ActorSettings settings = ActorSettings.defaults(1).withBatchImages(2).withTiling(Tiling.count(2));
    try (RuntimeSession s = ActorRuntime.open(new NodeNetwork(net, settings),
        ClusterSettings.of(2, Placement.ROUND_ROBIN))) {
      RuntimeSession.Deployed d = s.deploy(Deployment.whole(th, options, settings));
      assertTrue(d.where().startsWith("2 cluster nodes up (round-robin): "), d.where());
      RuntimeStats.Traffic before = s.traffic();
      try (ActorSimulator sim = d.simulator()) {
        RunAssertions.assertSameRun(expected, sim.run(images, checkpoints), "two nodes");
      }
      RuntimeStats.Traffic run = s.traffic().since(before);
      assertTrue(run.spikeMessages() > 0 && run.spikeBytes() > 0 && run.otherMessages() > 0, run.toString());
      assertTrue(!s.othersElsewhere());
    }
  }
}
