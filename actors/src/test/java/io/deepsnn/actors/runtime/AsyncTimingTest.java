package io.deepsnn.actors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.actors.topology.Tiling;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.snn.SequentialSimulator;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SimulationResult;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.snn.Thresholds;
import io.deepsnn.network.testing.RandomGraphs;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Async timing: no barrier, so hidden spikes may differ from the sequential run, but every image
 * batch completes, every checkpoint gets predictions, and the input — made by the counter-based
 * generator on the clock's ticks — is exactly the sequential input whatever the delays.
 */
class AsyncTimingTest {
  @ParameterizedTest
  @ValueSource(strings = {"none", "fixed:1ms", "uniform:1ms", "exponential:500us"})
  void asyncRunsCompleteWithTheSameInput(String delay) {
    Graph g = RandomGraphs.vgg(5);
    SpikingNetwork net = SpikingNetwork.compile(g);
    Thresholds th = LockstepEquivalenceTest.thresholds(net, 5);
    List<SnnInput> images = LockstepEquivalenceTest.images(g, 5, 6);
    SimulationOptions options = SimulationOptions.defaults(3.0).withSeed(5);
    int[] cps = {10, 40};
    SimulationResult sequential = new SequentialSimulator(net, th, options).run(images, cps);
    ActorSettings settings = ActorSettings.defaults(2).withTiming(Timing.ASYNC).withTiling(Tiling.count(2))
        .withBatchImages(3).withDelay(DelayModel.parse(delay, 7)).withTickInterval(Duration.ofMillis(1));
    try (ActorSimulator sim = LocalSession.simulator(net, th, options, settings)) {
      SimulationResult r = sim.run(images, cps);
      assertEquals(6, r.images());
      assertEquals(sequential.spikes()[1][0], r.spikes()[1][0], "input spikes do not depend on timing");
      assertEquals(sequential.spikeTrainHash()[0], r.spikeTrainHash()[0]);
      long hidden = 0;
      for (int l = 1; l < net.size(); l++) {
        hidden += r.spikes()[1][l];
      }
      assertTrue(hidden > 0, "hidden layers fire in async timing too");
      for (int[] p : r.predictions()) {
        assertTrue(p[0] >= 0 && p[0] < 10 && p[1] >= 0 && p[1] < 10);
      }
    }
  }

  /**
   * The edge counters measure how late spikes are integrated: never in lockstep or pipelined timing
   * (pseudo-simultaneous propagation), and, in async timing with every spike batch held 2 ms while
   * a timestep lasts 1 ms, at least a timestep late on average (the consumer has fired the
   * producer's timestep by the time the batch arrives).
   */
  @ParameterizedTest
  @ValueSource(strings = {"LOCKSTEP", "PIPELINED", "ASYNC"})
  void countersMeasureTheLagOfSpikes(Timing timing) {
    Graph g = RandomGraphs.vgg(8);
    SpikingNetwork net = SpikingNetwork.compile(g);
    Thresholds th = LockstepEquivalenceTest.thresholds(net, 8);
    List<SnnInput> images = LockstepEquivalenceTest.images(g, 8, 4);
    SimulationOptions options = SimulationOptions.defaults(3.0).withSeed(8);
    ActorSettings settings = ActorSettings.defaults(2).withTiming(timing).withTiling(Tiling.count(2))
        .withBatchImages(2).withTickInterval(Duration.ofMillis(1))
        .withDelay(DelayModel.parse(timing == Timing.ASYNC ? "fixed:2ms" : "none", 3));
    try (ActorSimulator sim = LocalSession.simulator(net, th, options, settings)) {
      sim.run(images, new int[] {30});
      List<EdgeCounters.EdgeCount> counters = sim.counters();
      long integrated = 0;
      for (EdgeCounters.EdgeCount e : counters) {
        assertTrue(e.integrated() <= e.received() && e.received() <= e.sent(), e.toString());
        if (timing != Timing.ASYNC) {
          assertTrue(e.conserved(), e.toString());
          assertEquals(0, e.lagSum(), "edge " + e.edge() + " under " + timing);
        }
        integrated += e.integrated();
      }
      assertTrue(integrated > 0, "spikes crossed the edges");
      SpikeLag lag = SpikeLag.of(counters);
      if (timing == Timing.ASYNC) {
        assertTrue(lag.meanLag() >= 1.0, lag.describe());
      } else {
        assertEquals(SpikeLag.NONE, lag);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "fixed:2ms", "uniform:3ms", "exponential:1.5ms"})
  void delayModelsParseAndDrawTheirDistribution(String spec) {
    DelayModel m = DelayModel.parse(spec, 3);
    DelayModel.Sampler s = m.sampler(1);
    double sum = 0;
    int n = 20000;
    for (int i = 0; i < n; i++) {
      Duration d = s.next();
      assertTrue(!d.isNegative());
      if (m.kind() == DelayModel.Kind.FIXED) {
        assertEquals(m.mean(), d);
      }
      if (m.kind() == DelayModel.Kind.UNIFORM) {
        assertTrue(d.compareTo(m.mean().multipliedBy(2)) <= 0);
      }
      sum += d.toNanos();
    }
    assertEquals(m.mean().toNanos(), sum / n, 0.03 * Math.max(1, m.mean().toNanos()), "mean of " + spec);
  }
}
