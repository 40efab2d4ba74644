package io.deepsnn.network.snn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.network.graph.Conv2d;
import io.deepsnn.network.graph.Dense;
import io.deepsnn.network.graph.Flatten;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.graph.GraphBuilder;
import io.deepsnn.network.graph.GraphException;
import io.deepsnn.network.graph.MaxPool;
import io.deepsnn.network.graph.Padding;
import io.deepsnn.network.graph.Relu;
import io.deepsnn.network.graph.Shape;
import io.deepsnn.network.testing.RandomGraphs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gated max pooling (SEMANTICS §7) against a hand-computed spike train, and on both kernels. */
class GatedMaxPoolTest {
  /** input 1×1×2 → conv 1×1 (weight 1) → ReLU → max pool 1×2/2 → flatten → fc 1 (weight 1). */
  static Graph twoInputsOneWindow() {
    GraphBuilder b = new GraphBuilder("in", Shape.of(1, 1, 2));
    int x = b.add("conv", new Conv2d(1, 1, 1, 1, 1, 1, Padding.NONE, new float[] {1f}), 0);
    x = b.add("relu", new Relu(), x);
    x = b.add("pool", new MaxPool(1, 2, 1, 2, Padding.NONE), x);
    x = b.add("flatten", new Flatten(), x);
    x = b.add("fc", new Dense(1, 1, new float[] {1f}), x);
    return b.build(x);
  }

  @Test
  void eachWindowPassesOnlyTheInputThatFiredMostSoFarTiesToTheFirst() {
    // Analog input, λ_in = 1, θ = 1, reset to zero: neuron a (x = 0.3) fires at t = 3, 7; neuron
    // b (x = 0.5) at t = 1, 3, 5, 7, 9. At t = 1 both counts are 0: the tie goes to a, so b's spike
    // is stopped. From t = 3 on b leads (1 > 0, 2 > 1, ...): b passes at 3, 5, 7, 9 and a never.
    // The output (θ = 1, weight 1) fires once per passed spike: 4 spikes, 4 ACs.
    SpikingNetwork net = SpikingNetwork.compile(twoInputsOneWindow());
    assertEquals(3, net.size());
    assertTrue(net.layer(2).projections().get(0) instanceof GatedMaxPoolProjection);
    Thresholds th = new Thresholds(new double[] {Double.NaN, 1, 1});
    SimulationOptions o = SimulationOptions.defaults(1.0).withInput(SimulationOptions.InputMode.ANALOG);
    SnnInput image = new SnnInput(0, 0, new double[] {0.3, 0.5});
    SequentialSimulator sim = new SequentialSimulator(net, th, o);
    assertArrayEquals(new long[] {2, 5}, sim.spikeCounts(List.of(image), 1, 10));
    SimulationResult r = sim.run(List.of(image), new int[] {10});
    assertEquals(4, r.spikes()[0][2], "passed at t = 3, 5, 7, 9");
    assertEquals(4, r.synapses()[0][2], "a passed spike drives its pooled position's synapses");
  }

  @Test
  void theEventAndTheDenseKernelFireTheSameSpikes() {
    for (long seed = 1; seed <= 6; seed++) {
      Graph g = RandomGraphs.vggMaxPool(seed);
      SpikingNetwork net = SpikingNetwork.compile(g);
      Thresholds th = RandomGraphs.thresholds(net, seed);
      List<SnnInput> in = RandomGraphs.images(g, seed, 3, 0);
      SimulationOptions event = SimulationOptions.defaults(3.0).withSeed(seed);
      SimulationResult a = new SequentialSimulator(net, th, event).run(in, new int[] {20});
      SimulationResult b = new SequentialSimulator(net, th, event.withKernel(SimulationOptions.KernelMode.DENSE))
          .run(in, new int[] {20});
      assertArrayEquals(a.spikeTrainHash(), b.spikeTrainHash(), "seed " + seed);
      assertArrayEquals(a.synapses()[0], b.synapses()[0], "seed " + seed);
    }
  }

  @Test
  void theRandomMaxPoolGraphsHoldMaxPools() {
    int pools = 0;
    for (long seed = 1; seed <= 10; seed++) {
      pools += (int) RandomGraphs.vggMaxPool(seed).nodes().stream().filter(n -> n.op() instanceof MaxPool).count();
    }
    assertTrue(pools >= 5, "max pools in the ten graphs: " + pools);
    assertTrue(RandomGraphs.vggMaxPool(10).nodes().stream().anyMatch(n -> n.op() instanceof MaxPool),
        "the actor runtime's max-pool variant (seed 10) must have one");
  }

  @Test
  void aMaxPoolRightAfterTheInputIsRefusedByName() {
    GraphBuilder b = new GraphBuilder("in", Shape.of(1, 2, 2));
    int x = b.add("pool0", new MaxPool(2, 2, 2, 2, Padding.NONE), 0);
    x = b.add("flatten", new Flatten(), x);
    x = b.add("fc", new Dense(1, 1, new float[] {1f}), x);
    Graph g = b.build(x);
    GraphException e = assertThrows(GraphException.class, () -> SpikingNetwork.compile(g));
    assertTrue(e.getMessage().contains("pool0") && e.getMessage().contains("right after the input"), e.getMessage());
  }
}
