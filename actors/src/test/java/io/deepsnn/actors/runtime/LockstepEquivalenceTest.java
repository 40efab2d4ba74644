package io.deepsnn.actors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The actor runtime in lockstep and pipelined timing fires exactly the spikes of the sequential
 * simulator, and gives the same predictions and counts, on random VGG- and ResNet-shaped graphs,
 * for 1, 2, 4 and 7 tiles per layer and 1 and 2 dispatcher threads.
 */
class LockstepEquivalenceTest {

  static Stream<Arguments> cases() {
    List<Arguments> list = new ArrayList<>();
    for (long seed : new long[] {1, 2, 3, 4}) {
      for (int tiles : new int[] {1, 2, 4, 7}) {
        for (int threads : new int[] {1, 2}) {
          list.add(Arguments.of(seed, tiles, threads));
        }
      }
    }
    return list.stream();
  }

  static Graph graph(long seed) {
    return seed % 2 == 0 ? RandomGraphs.resnet(seed) : RandomGraphs.vgg(seed);
  }

  static List<SnnInput> images(Graph g, long seed, int n) {
    return RandomGraphs.images(g, seed, n, 10);
  }

  static Thresholds thresholds(SpikingNetwork net, long seed) {
    return RandomGraphs.thresholds(net, seed);
  }

  @ParameterizedTest(name = "seed {0}, {1} tiles, {2} threads")
  @MethodSource("cases")
  void lockstepAndPipelinedMatchTheSequentialSimulator(long seed, int tiles, int threads) {
    Graph g = graph(seed);
    SpikingNetwork net = SpikingNetwork.compile(g);
    Thresholds th = thresholds(net, seed);
    SimulationOptions options = SimulationOptions.defaults(3.0).withSeed(seed)
        .withReset(seed % 3 == 0 ? SimulationOptions.Reset.SUBTRACT : SimulationOptions.Reset.ZERO);
    List<SnnInput> in = images(g, seed, 5);
    int[] checkpoints = {7, 25};
    SimulationResult expected = new SequentialSimulator(net, th, options).run(in, checkpoints);
    assertTrue(expected.totalSpikes() > expected.spikes()[1][0], "hidden layers must fire");
    for (Timing timing : new Timing[] {Timing.LOCKSTEP, Timing.PIPELINED}) {
      ActorSettings settings = ActorSettings.defaults(threads).withTiling(Tiling.count(tiles)).withTiming(timing)
          .withBatchImages(2).withPipelineDepth(3);
      try (ActorSimulator actors = LocalSession.simulator(net, th, options, settings)) {
        if (tiles > 1) {
          assertTrue(actors.plan().tiles().size() > net.size(), "layers are really cut into tiles");
        }
        SimulationResult actual = actors.run(in, checkpoints);
        assertEquals(5, actual.images());
        RunAssertions.assertSameRun(expected, actual, timing + ", " + tiles + " tiles, " + threads + " threads");
      }
    }
  }
}
