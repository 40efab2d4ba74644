package io.deepsnn.actors.runtime;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.actors.testing.RunAssertions;
import io.deepsnn.actors.topology.Tiling;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.snn.EarlyExit;
import io.deepsnn.network.snn.SequentialSimulator;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SimulationResult;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.snn.Thresholds;
import io.deepsnn.network.testing.RandomGraphs;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Early exit on the actor runtime: the tiles skip the images the output stopped, with the
 * sequential simulator's spikes, counters, predictions and timesteps per image, for any tiling
 * and thread count (lockstep timing, which early exit needs).
 */
class EarlyExitEquivalenceTest {
  private static final int[] CHECKPOINTS = {10, 30, 60};

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {3, 6})
  void tilesSkipExitedImagesExactlyAsTheSequentialSimulator(long seed) {
    Graph g = seed % 2 == 0 ? RandomGraphs.resnet(seed) : RandomGraphs.vgg(seed);
    SpikingNetwork net = SpikingNetwork.compile(g);
    Thresholds th = RandomGraphs.thresholds(net, seed);
    SimulationOptions options = SimulationOptions.defaults(3.0).withSeed(seed)
        .withReset(SimulationOptions.Reset.SUBTRACT).withEarlyExit(new EarlyExit(4, 2));
    List<SnnInput> in = RandomGraphs.images(g, seed, 7, 10);
    SimulationResult expected = new SequentialSimulator(net, th, options).run(in, CHECKPOINTS);
    int last = CHECKPOINTS[CHECKPOINTS.length - 1];
    assertTrue(Arrays.stream(expected.imageTimesteps()).anyMatch(t -> t < last),
        "some images must exit early: " + Arrays.toString(expected.imageTimesteps()));
    for (int tiles : new int[] {1, 2, 4, 7}) {
      for (int threads : new int[] {1, 2}) {
        ActorSettings settings = ActorSettings.defaults(threads).withTiling(Tiling.count(tiles))
            .withTiming(Timing.LOCKSTEP).withBatchImages(3);
        try (ActorSimulator actors = LocalSession.simulator(net, th, options, settings)) {
          RunAssertions.assertSameRun(expected, actors.run(in, CHECKPOINTS),
              "early exit 4:2, " + tiles + " tiles, " + threads + " threads");
        }
      }
    }
  }

  @Test
  void pipelinedAndAsyncTimingAreRefusedWithEarlyExitNamingTheOption() {
    SimulationOptions options = SimulationOptions.defaults(3.0).withEarlyExit(new EarlyExit(4, 2));
    for (Timing timing : new Timing[] {Timing.PIPELINED, Timing.ASYNC}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Deployment.whole(null, options, ActorSettings.defaults(1).withTiming(timing)));
      assertTrue(e.getMessage().contains("--early-exit") && e.getMessage().contains("--timing lockstep"),
          e.getMessage());
    }
  }
}
