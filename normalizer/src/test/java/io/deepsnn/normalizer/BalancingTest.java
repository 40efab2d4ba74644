package io.deepsnn.normalizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.network.data.Normalization;
import io.deepsnn.network.graph.Dense;
import io.deepsnn.network.graph.GraphBuilder;
import io.deepsnn.network.graph.Relu;
import io.deepsnn.network.graph.Shape;
import io.deepsnn.network.snn.BiasCurrent;
import io.deepsnn.network.snn.Fixed;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingLayer;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.testing.RandomGraphs;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Threshold balancing against hand-computed cases. */
class BalancingTest {

  /** input(2) → fc W1 → ReLU → fc W2 (output). */
  static SpikingNetwork twoLayers() {
    GraphBuilder b = new GraphBuilder("in", Shape.flat(2));
    int h = b.add("fc1", new Dense(2, 2, new float[] {1f, 0.5f, -1f, 2f}), 0);
    h = b.add("relu1", new Relu(), h);
    int out = b.add("fc2", new Dense(1, 2, new float[] {1f, -0.5f}), h);
    return SpikingNetwork.compile(b.build(out));
  }

  static final List<SnnInput> CAL = List.of(new SnnInput(0, 0, new double[] {1, 2}),
      new SnnInput(1, 0, new double[] {2, 0}));

  /** {@link #twoLayers()} with biases b1 = (0.5, −1), b2 = 0.25. */
  static SpikingNetwork twoBiasedLayers() {
    GraphBuilder b = new GraphBuilder("in", Shape.flat(2));
    int h = b.add("fc1", new Dense(2, 2, new float[] {1f, 0.5f, -1f, 2f}, new float[] {0.5f, -1f}), 0);
    h = b.add("relu1", new Relu(), h);
    int out = b.add("fc2", new Dense(1, 2, new float[] {1f, -0.5f}, new float[] {0.25f}), h);
    return SpikingNetwork.compile(b.build(out));
  }

  @Test
  void dataMaxWithBiasesAndTheBiasCurrentsTheyBecome() {
    // Hidden ANN activations with b1: image 0 → relu(1+1+0.5, -1+4-1) = (2.5, 2); image 1 → relu(2.5, -3) = (2.5, 0).
    // λ1 = 2.5. Logits: 2.5 - 1 + 0.25 = 1.75 and 2.5 + 0.25 = 2.75: λ2 = 2.75. λ_in (max |x|) = 2.
    // θ1 = 2.5/2 = 1.25, θ2 = 2.75/2.5 = 1.1. Bias currents (SEMANTICS §7): b1/λ_in = (0.25, −0.5),
    // b2/Λ1 = 0.25/2.5 = 0.1 (Λ1 = θ1·λ_in = λ1).
    SpikingNetwork net = twoBiasedLayers();
    Balancing b = DataBasedBalancer.balance(net, CAL, 2.0, ThresholdMethod.DATA_MAX, 0, ResidualPolicy.UNITY);
    assertEquals(1.25, b.thresholds().get(1), 1e-12);
    assertEquals(1.1, b.thresholds().get(2), 1e-6);
    double[] scales = BiasCurrent.scales(net, b.thresholds(), 2.0, net.size());
    assertEquals(2.5, scales[1], 1e-12);
    assertArrayEquals(new long[] {Fixed.of(0.25), Fixed.of(-0.5)}, BiasCurrent.of(net.layer(1), scales, 0, 1));
    assertEquals(Fixed.of(0.1), BiasCurrent.of(net.layer(2), scales, 0, 1)[0], 2);
  }

  @Test
  void spikeNormWithABiasMeasuresItInTheLayersInput() {
    // One layer fed by a silent input (x = 0): its only input is the bias current b/λ_in = 0.5/2, so θ = 0.25.
    GraphBuilder g = new GraphBuilder("in", Shape.flat(1));
    int out = g.add("fc", new Dense(1, 1, new float[] {1f}, new float[] {0.5f}), 0);
    SpikingNetwork net = SpikingNetwork.compile(g.build(out));
    Balancing b = SpikeNormBalancer.balance(net, List.of(new SnnInput(0, 0, new double[] {0})), 20,
        SimulationOptions.defaults(2.0), ResidualPolicy.UNITY, 1, l -> { });
    assertEquals(0.25, b.thresholds().get(1), 1e-9);
  }

  @Test
  void dataMaxOnAHandComputedTwoLayerNet() {
    // Hidden ANN activations: image 0 → relu(1·1+0.5·2, -1·1+2·2) = (2, 3); image 1 → relu(2, -2) = (2, 0).
    // λ1 = 3. Logits: image 0 → 2 - 0.5·3 = 0.5; image 1 → 2. λ2 = 2. λ_in (max |x|) = 2.
    // θ1 = λ1/λ_in = 1.5, θ2 = λ2/λ1 = 2/3.
    SpikingNetwork net = twoLayers();
    double lambdaIn = new InputScaleRule(InputScaleRule.Kind.MAX, 0).scale(Normalization.NONE, CAL);
    assertEquals(2.0, lambdaIn);
    Balancing b = DataBasedBalancer.balance(net, CAL, lambdaIn, ThresholdMethod.DATA_MAX, 0, ResidualPolicy.UNITY);
    assertEquals(1.5, b.thresholds().get(1), 1e-12);
    assertEquals(2.0 / 3.0, b.thresholds().get(2), 1e-12);
    assertEquals(3.0, b.layers().get(0).measured(), 1e-12);
  }

  @Test
  void trainedClipLevelsSetTheScaleOfTheirLayersAndTheOutputIsBalancedByItsMaximum() {
    // twoLayers() with relu1 clipped at 4 (above every activation: the ANN is unchanged). Clip:
    // λ1 = 4, θ1 = 4/λ_in = 2; the output has no clip level: λ2 = max logit = 2, θ2 = 2/4 = 0.5.
    // Data-max on the same net: λ1 = 3, θ1 = 1.5.
    GraphBuilder g = new GraphBuilder("in", Shape.flat(2));
    int h = g.add("fc1", new Dense(2, 2, new float[] {1f, 0.5f, -1f, 2f}), 0);
    h = g.add("relu1", new Relu(4f), h);
    int out = g.add("fc2", new Dense(1, 2, new float[] {1f, -0.5f}), h);
    SpikingNetwork net = SpikingNetwork.compile(g.build(out));
    Balancing clip = DataBasedBalancer.balance(net, CAL, 2.0, ThresholdMethod.CLIP, 0, ResidualPolicy.UNITY);
    assertEquals(2.0, clip.thresholds().get(1), 1e-12);
    assertEquals(0.5, clip.thresholds().get(2), 1e-12);
    assertEquals("trained clip level", clip.layers().get(0).note());
    assertEquals("no clip level: the maximum activation", clip.layers().get(1).note());
    Balancing max = DataBasedBalancer.balance(net, CAL, 2.0, ThresholdMethod.DATA_MAX, 0, ResidualPolicy.UNITY);
    assertEquals(1.5, max.thresholds().get(1), 1e-12);
  }

  @Test
  void dataPercentileInterpolatesBetweenTheTwoClosestRanksOfThePositiveActivations() {
    // Positive hidden activations, sorted: [2, 2, 3]; the 50th percentile is at index (3-1)·0.5 = 1: 2 → θ1 = 2/2.
    // Positive logits, sorted: [0.5, 2]; index (2-1)·0.5 = 0.5: 0.5 + 0.5·(2 - 0.5) = 1.25 → θ2 = 1.25/2.
    Balancing b = DataBasedBalancer.balance(twoLayers(), CAL, 2.0, ThresholdMethod.DATA_PERCENTILE, 50,
        ResidualPolicy.UNITY);
    assertEquals(1.0, b.thresholds().get(1), 1e-12);
    assertEquals(0.625, b.thresholds().get(2), 1e-12);
    // The 75th: hidden index 1.5 → 2 + 0.5·(3 - 2) = 2.5, θ1 = 2.5/2; logits index 0.75 → 0.5 + 0.75·1.5 = 1.625.
    Balancing b75 = DataBasedBalancer.balance(twoLayers(), CAL, 2.0, ThresholdMethod.DATA_PERCENTILE, 75,
        ResidualPolicy.UNITY);
    assertEquals(1.25, b75.thresholds().get(1), 1e-12);
    assertEquals(1.625 / 2.5, b75.thresholds().get(2), 1e-12);
  }

  @Test
  void spikeNormOnThePapersTwoInputExample() {
    // §5.1 of the paper: activations 0.5 and 1.0 into one neuron with unit weights. The ANN's max
    // input is 1.5 (data-max θ = 1.5), but both inputs can spike together: Spike-Norm sets θ = 2.
    GraphBuilder b = new GraphBuilder("in", Shape.flat(2));
    int out = b.add("fc", new Dense(1, 2, new float[] {1f, 1f}), 0);
    SpikingNetwork net = SpikingNetwork.compile(b.build(out));
    List<SnnInput> cal = List.of(new SnnInput(0, 0, new double[] {0.5, 1.0}));
    Balancing dataMax = DataBasedBalancer.balance(net, cal, 1.0, ThresholdMethod.DATA_MAX, 0, ResidualPolicy.UNITY);
    assertEquals(1.5, dataMax.thresholds().get(1), 1e-7);
    Balancing sn = SpikeNormBalancer.balance(net, cal, 100, SimulationOptions.defaults(1.0), ResidualPolicy.UNITY, 1,
        l -> { });
    assertEquals(2.0, sn.thresholds().get(1), 0.0);
  }

  static List<SnnInput> randomImages(Shape s, int n, long seed) {
    Random rnd = new Random(seed);
    List<SnnInput> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = new double[s.size()];
      for (int k = 0; k < x.length; k++) {
        x[k] = rnd.nextGaussian();
      }
      list.add(new SnnInput(i, 0, x));
    }
    return list;
  }

  @Test
  void residualUnitsGetUnitThresholdsUnderTheUnityPolicy() {
    SpikingNetwork net = SpikingNetwork.compile(RandomGraphs.resnet(4));
    List<SnnInput> cal = randomImages(net.inputShape(), 3, 1);
    Balancing unity = SpikeNormBalancer.balance(net, cal, 20, SimulationOptions.defaults(3.0), ResidualPolicy.UNITY, 2,
        l -> { });
    Balancing balanced = SpikeNormBalancer.balance(net, cal, 20, SimulationOptions.defaults(3.0),
        ResidualPolicy.BALANCED, 2, l -> { });
    boolean sawResidual = false;
    for (SpikingLayer layer : net.layers().subList(1, net.size())) {
      if (layer.residual()) {
        sawResidual = true;
        assertEquals(1.0, unity.thresholds().get(layer.index()), "unity threshold for " + layer.name());
        assertFalse(balanced.layers().get(layer.index() - 1).unity());
      } else if (!sawResidual) {
        // Before the first residual unit both policies see the same SNN.
        assertEquals(balanced.thresholds().get(layer.index()), unity.thresholds().get(layer.index()),
            "plain pre-processing layers are balanced the same way: " + layer.name());
        assertTrue(unity.thresholds().get(layer.index()) > 0);
      }
    }
    assertTrue(sawResidual);
    // The pre-processing layers and the classifier are not residual; the junctions are.
    assertFalse(net.layer(1).residual());
    assertFalse(net.layer(net.outputIndex()).residual());
    assertTrue(net.layers().stream().anyMatch(SpikingLayer::isJunction));
    assertTrue(net.layers().stream().filter(SpikingLayer::isJunction).allMatch(SpikingLayer::residual));
  }

  @Test
  void spikeNormDoesNotDependOnTheNumberOfThreads() {
    SpikingNetwork net = SpikingNetwork.compile(RandomGraphs.vgg(3));
    List<SnnInput> cal = randomImages(net.inputShape(), 6, 2);
    SimulationOptions o = SimulationOptions.defaults(3.0).withSeed(9);
    Balancing one = SpikeNormBalancer.balance(net, cal, 30, o, ResidualPolicy.UNITY, 1, l -> { });
    Balancing three = SpikeNormBalancer.balance(net, cal, 30, o, ResidualPolicy.UNITY, 3, l -> { });
    for (int l = 1; l < net.size(); l++) {
      assertEquals(one.thresholds().get(l), three.thresholds().get(l), 0.0);
    }
  }
}
