package io.deepsnn.actors.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.actors.testing.OptionVariant;
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
 * Every simulation option runs on the actor runtime, with the sequential simulator's spikes: the
 * analog input, the dense and the auto kernel, and the current readout, for 1, 2, 4 and 7 tiles
 * per layer, lockstep and pipelined timing, 1 and 2 threads. (Both runtimes run the network
 * module's one {@code TileStep}; this is what shows that no execution adds method of its own.)
 */
class OptionsEquivalenceTest {
  static Stream<Arguments> cases() {
    List<Arguments> list = new ArrayList<>();
    for (OptionVariant v : OptionVariant.values()) {
      for (int tiles : new int[] {1, 2, 4, 7}) {
        list.add(Arguments.of(v, tiles));
      }
    }
    return list.stream();
  }

  @ParameterizedTest(name = "{0}, {1} tiles")
  @MethodSource("cases")
  void everyOptionGivesTheSequentialSpikes(OptionVariant variant, int tiles) {
    long seed = variant.seed();
    Graph g = variant.graph();
    SpikingNetwork net = SpikingNetwork.compile(g);
    Thresholds th = variant.thresholds(net);
    SimulationOptions options = variant.options(seed);
    List<SnnInput> in = RandomGraphs.images(g, seed, 5, 10);
    int[] checkpoints = {7, 25};
    SimulationResult expected = new SequentialSimulator(net, th, options).run(in, checkpoints);
    assertTrue(expected.totalSpikes() > expected.spikes()[1][0], "hidden layers must fire");
    for (Timing timing : new Timing[] {Timing.LOCKSTEP, Timing.PIPELINED}) {
      for (int threads : new int[] {1, 2}) {
        ActorSettings settings = ActorSettings.defaults(threads).withTiling(Tiling.count(tiles)).withTiming(timing)
            .withBatchImages(2).withPipelineDepth(3);
        try (ActorSimulator actors = LocalSession.simulator(net, th, options, settings)) {
          RunAssertions.assertSameRun(expected, actors.run(in, checkpoints),
              variant + ", " + timing + ", " + tiles + " tiles, " + threads + " threads");
        }
      }
    }
  }
}
