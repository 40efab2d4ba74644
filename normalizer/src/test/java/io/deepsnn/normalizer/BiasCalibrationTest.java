package io.deepsnn.normalizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.network.graph.Dense;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.graph.GraphBuilder;
import io.deepsnn.network.graph.Relu;
import io.deepsnn.network.graph.Shape;
import io.deepsnn.network.snn.SequentialSimulator;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.testing.RandomGraphs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bias calibration (SEMANTICS §7) against a hand-computed case, and its determinism. */
class BiasCalibrationTest {
  @Test
  void theCorrectionIsThetaTimesTheMeanRateTheSnnMisses() {
    // input(1) → fc 1 → ReLU → fc 1 (output); analog input, λ_in = 1, reset to zero. Images x = 0.5
    // and 0.2: ANN activations 0.5 and 0.2, data-max λ1 = 0.5, θ1 = 0.5 = Λ1. Over T_c = 6 steps the
    // first image's current 0.5 fires every step (6 spikes), the second's 0.2 at t = 2 and 5 (v =
    // 0.2, 0.4, 0.6 → fire): 2 spikes. r = 8/12, mean a/Λ = (1 + 0.4)/2 = 0.7, so the correction is
    // θ1·(0.7 − 2/3) = 1/60. The output layer has no ReLU: not calibrated.
    GraphBuilder b = new GraphBuilder("in", Shape.flat(1));
    int h = b.add("fc1", new Dense(1, 1, new float[] {1f}), 0);
    h = b.add("relu1", new Relu(), h);
    int out = b.add("fc2", new Dense(1, 1, new float[] {1f}), h);
    SpikingNetwork net = SpikingNetwork.compile(b.build(out));
    List<SnnInput> cal = List.of(new SnnInput(0, 0, new double[] {0.5}), new SnnInput(1, 0, new double[] {0.2}));
    Balancing balanced = DataBasedBalancer.balance(net, cal, 1.0, ThresholdMethod.DATA_MAX, 0, ResidualPolicy.UNITY);
    assertEquals(0.5, balanced.thresholds().get(1), 1e-12);
    SimulationOptions o = SimulationOptions.defaults(1.0).withInput(SimulationOptions.InputMode.ANALOG);
    Balancing calibrated = BiasCalibration.calibrate(net, balanced, cal, 6, o, 1, l -> { });
    assertEquals(1.0 / 60, calibrated.thresholds().correction(1)[0], 1e-7, "float activations: 0.2f");
    assertEquals(1.0 / 60, calibrated.layers().get(0).biasCorrection()[0], 1e-7);
    assertNull(calibrated.thresholds().correction(2));
    assertNull(calibrated.layers().get(1).biasCorrection());
    assertEquals(balanced.thresholds().get(1), calibrated.thresholds().get(1), "thresholds are kept");
    // The correction reaches the simulator: with reset by subtraction over 57 steps the second image's
    // charge is 0.2·57 = 11.4 (22 spikes of θ = 0.5) before, (0.2 + 1/60)·57 = 12.35 (24 spikes) after.
    SimulationOptions sub = o.withReset(SimulationOptions.Reset.SUBTRACT);
    List<SnnInput> second = cal.subList(1, 2);
    assertEquals(22, new SequentialSimulator(net, balanced.thresholds(), sub).spikeCounts(second, 1, 57)[0]);
    assertEquals(24, new SequentialSimulator(net, calibrated.thresholds(), sub).spikeCounts(second, 1, 57)[0]);
  }

  @Test
  void calibrationDoesNotDependOnTheNumberOfThreadsAndChangesTheSpikes() {
    Graph g = RandomGraphs.vgg(5);
    SpikingNetwork net = SpikingNetwork.compile(g);
    List<SnnInput> cal = RandomGraphs.images(g, 5, 6, 10);
    Balancing balanced = DataBasedBalancer.balance(net, cal, 3.0, ThresholdMethod.DATA_MAX, 0, ResidualPolicy.UNITY);
    SimulationOptions o = SimulationOptions.defaults(3.0).withSeed(5).withReset(SimulationOptions.Reset.SUBTRACT);
    Balancing one = BiasCalibration.calibrate(net, balanced, cal, 12, o, 1, l -> { });
    Balancing three = BiasCalibration.calibrate(net, balanced, cal, 12, o, 3, l -> { });
    for (int l = 1; l < net.size(); l++) {
      double[] a = one.thresholds().correction(l);
      double[] c = three.thresholds().correction(l);
      if (a == null) {
        assertNull(c);
      } else {
        assertArrayEquals(a, c, 0.0, "layer " + l);
      }
    }
    var before = new SequentialSimulator(net, balanced.thresholds(), o).run(cal, new int[] {12});
    var after = new SequentialSimulator(net, one.thresholds(), o).run(cal, new int[] {12});
    assertNotEquals(before.totalSpikes(), after.totalSpikes());
    // One step of calibration moves the first layer's rates toward the ANN's a/Λ, channel by channel.
    double[] target = BiasCalibration.meanActivationPerChannel(net, cal)[1];
    double scale = io.deepsnn.network.snn.BiasCurrent.scales(net, balanced.thresholds(), 3.0, 2)[1];
    double errBefore = rateError(net, balanced, cal, o, target, scale);
    double errAfter = rateError(net, one, cal, o, target, scale);
    assertTrue(errAfter < errBefore, "mean |a/Λ − r| of layer 1: " + errBefore + " before, " + errAfter + " after");
  }

  /** Mean over layer 1's channels of |a/Λ − r| over the images for 12 steps. */
  private static double rateError(SpikingNetwork net, Balancing b, List<SnnInput> cal, SimulationOptions o,
                                  double[] target, double scale) {
    long[] counts = new SequentialSimulator(net, b.thresholds(), o).spikeCounts(cal, 1, 12);
    int channels = target.length;
    double[] rate = new double[channels];
    for (int n = 0; n < counts.length; n++) {
      rate[n % channels] += counts[n];
    }
    double per = (double) cal.size() * 12 * (counts.length / channels);
    double err = 0;
    for (int c = 0; c < channels; c++) {
      err += Math.abs(target[c] / scale - rate[c] / per);
    }
    return err / channels;
  }
}
