package io.deepsnn.network.snn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.testing.RandomGraphs;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property tests on random VGG- and ResNet-shaped graphs: the event-driven kernels, the dense
 * kernels and the density-switching mix fire exactly the same spikes, and a batch gives exactly
 * the results of its images run one at a time.
 */
class KernelEquivalenceTest {
  static LongStream seeds() {
    return LongStream.range(1, 13);
  }

  static List<SnnInput> inputs(Graph g, long seed, int n) {
    return RandomGraphs.images(g, seed, n, 100);
  }

  static Thresholds randomThresholds(SpikingNetwork net, long seed) {
    return RandomGraphs.thresholds(net, seed);
  }

  static Graph graph(long seed) {
    return seed % 2 == 0 ? RandomGraphs.resnet(seed) : RandomGraphs.vgg(seed);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void eventDrivenDenseAndAutoFireTheSameSpikes(long seed) {
    Graph g = graph(seed);
    SpikingNetwork net = SpikingNetwork.compile(g);
    Thresholds th = randomThresholds(net, seed);
    List<SnnInput> in = inputs(g, seed, 3);
    int[] cps = {5, 20, 40};
    for (SimulationOptions.Reset reset : SimulationOptions.Reset.values()) {
      SimulationOptions base = SimulationOptions.defaults(3.0).withSeed(seed).withReset(reset);
      SimulationResult event = new SequentialSimulator(net, th, base).run(in, cps);
      SimulationResult dense = new SequentialSimulator(net, th, base.withKernel(SimulationOptions.KernelMode.DENSE))
          .run(in, cps);
      SimulationResult auto = new SequentialSimulator(net, th, new SimulationOptions(reset,
          SimulationOptions.InputMode.POISSON, SimulationOptions.Readout.SPIKES, seed, 3.0,
          SimulationOptions.KernelMode.AUTO, 0.05)).run(in, cps);
      assertTrue(event.totalSpikes() > event.spikes()[2][0], "hidden layers must fire for the test to mean something");
      for (SimulationResult other : List.of(dense, auto)) {
        assertArrayEquals(event.spikeTrainHash(), other.spikeTrainHash(), "spike trains, reset " + reset);
        for (int c = 0; c < cps.length; c++) {
          assertArrayEquals(event.spikes()[c], other.spikes()[c]);
          assertArrayEquals(event.synapses()[c], other.synapses()[c]);
          assertArrayEquals(event.shortcutSynapses()[c], other.shortcutSynapses()[c]);
        }
        assertArrayEquals(event.predictions(), other.predictions());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void aBatchEqualsItsImagesOneByOne(long seed) {
    Graph g = graph(seed);
    SpikingNetwork net = SpikingNetwork.compile(g);
    Thresholds th = randomThresholds(net, seed);
    List<SnnInput> in = inputs(g, seed, 4);
    int[] cps = {10, 30};
    SequentialSimulator sim = new SequentialSimulator(net, th, SimulationOptions.defaults(2.5).withSeed(seed));
    SimulationResult batch = sim.run(in, cps);
    SimulationResult merged = null;
    for (SnnInput x : in) {
      SimulationResult one = sim.run(List.of(x), cps);
      merged = merged == null ? one : merged.plus(one);
    }
    assertArrayEquals(batch.spikeTrainHash(), merged.spikeTrainHash());
    assertArrayEquals(batch.correct(), merged.correct());
    assertArrayEquals(batch.predictions(), merged.predictions());
    for (int c = 0; c < cps.length; c++) {
      assertArrayEquals(batch.spikes()[c], merged.spikes()[c]);
      assertArrayEquals(batch.synapses()[c], merged.synapses()[c]);
    }
    assertEquals(4, merged.images());
  }
}
