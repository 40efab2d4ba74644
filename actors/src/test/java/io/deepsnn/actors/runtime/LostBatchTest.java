package io.deepsnn.actors.runtime;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.actors.topology.Tiling;
import io.deepsnn.actors.topology.TopologyPlan;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.snn.Thresholds;
import io.deepsnn.network.testing.RandomGraphs;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A spike batch lost on the way is detected and reported, never integrated silently. */
class LostBatchTest {
  private final Graph graph = RandomGraphs.vgg(3);
  private final SpikingNetwork net = SpikingNetwork.compile(graph);
  private final Thresholds th = LockstepEquivalenceTest.thresholds(net, 3);
  private final List<SnnInput> images = LockstepEquivalenceTest.images(graph, 3, 4);

  /** The edge into the output tile: losing its batch can only show up as a stall or a gap. */
  private int lastEdge(ActorSimulator sim) {
    TopologyPlan plan = sim.plan();
    return plan.inbound(plan.outputTile().id()).get(0).id();
  }

  @Test
  void inLockstepTheStalledTimestepNamesTheMissingEdge() {
    ActorSettings base = ActorSettings.defaults(2).withTiling(Tiling.count(2)).withStallTimeout(Duration.ofMillis(600));
    int edge;
    try (ActorSimulator probe = LocalSession.simulator(net, th, SimulationOptions.defaults(3.0), base)) {
      edge = lastEdge(probe);
    }
    int lost = edge;
    ActorSettings settings = base.withFaults((e, batch, t) -> e == lost && batch == 0 && t == 4);
    try (ActorSimulator sim = LocalSession.simulator(net, th, SimulationOptions.defaults(3.0), settings)) {
      ActorRuntimeException ex = assertThrows(ActorRuntimeException.class, () -> sim.run(images, new int[] {10}));
      String msg = ex.getMessage();
      assertTrue(msg.contains("timestep 4") && msg.contains("edge " + lost) && msg.contains("lost"), msg);
    }
  }

  @Test
  void inPipelinedModeTheNextBatchRevealsTheGapAtOnce() {
    ActorSettings base = ActorSettings.defaults(2).withTiming(Timing.PIPELINED).withPipelineDepth(4)
        .withStallTimeout(Duration.ofSeconds(30));
    int edge;
    try (ActorSimulator probe = LocalSession.simulator(net, th, SimulationOptions.defaults(3.0), base)) {
      edge = lastEdge(probe);
    }
    int lost = edge;
    ActorSettings settings = base.withFaults((e, batch, t) -> e == lost && t == 2);
    try (ActorSimulator sim = LocalSession.simulator(net, th, SimulationOptions.defaults(3.0), settings)) {
      long start = System.nanoTime();
      ActorRuntimeException ex = assertThrows(ActorRuntimeException.class, () -> sim.run(images, new int[] {10}));
      String msg = ex.getMessage();
      assertTrue(msg.contains("edge " + lost) && msg.contains("expected batch sequence") && msg.contains("lost"), msg);
      assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos(), "detected by the sequence gap, not a timeout");
    }
  }
}
