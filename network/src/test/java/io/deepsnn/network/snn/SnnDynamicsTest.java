package io.deepsnn.network.snn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deepsnn.network.graph.Dense;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.graph.GraphBuilder;
import io.deepsnn.network.graph.Shape;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Integrate-and-fire dynamics on hand-computed sequences (SEMANTICS §3–4). */
class SnnDynamicsTest {

  /** input (n elements) → fully connected (1 output) = the output IF layer. */
  static SpikingNetwork oneNeuron(float... weights) {
    GraphBuilder b = new GraphBuilder("in", Shape.flat(weights.length));
    int out = b.add("fc", new Dense(1, weights.length, weights), 0);
    Graph g = b.build(out);
    return SpikingNetwork.compile(g);
  }

  /** Cumulative output spike counts after each of the first {@code steps} timesteps. */
  static int[] countsPerStep(SpikingNetwork net, double theta, SimulationOptions opts, double[] x, int steps) {
    int[] cps = IntStream.rangeClosed(1, steps).toArray();
    SimulationResult r = new SequentialSimulator(net, new Thresholds(new double[] {Double.NaN, theta}), opts)
        .run(List.of(new SnnInput(0, 0, x)), cps);
    int[] counts = new int[steps];
    for (int c = 0; c < steps; c++) {
      counts[c] = (int) r.spikes()[c][1];
    }
    return counts;
  }

  @Test
  void resetToZero() {
    // x = λ_in = 1: the input spikes at every step (p = 1). w = 3/8, θ = 1 (exact in fixed point).
    // v: .375 .75 1.125→spike,0 .375 .75 1.125→spike,0 .375 .75 → spikes at t = 2, 5.
    SimulationOptions opts = SimulationOptions.defaults(1.0);
    int[] counts = countsPerStep(oneNeuron(0.375f), 1.0, opts, new double[] {1.0}, 8);
    assertArrayEquals(new int[] {0, 0, 1, 1, 1, 2, 2, 2}, counts);
  }

  @Test
  void resetBySubtraction() {
    // v: .375 .75 1.125→spike,.125 .5 .875 1.25→spike,.25 .625 1.0→spike,0 → spikes at t = 2, 5, 7.
    SimulationOptions opts = SimulationOptions.defaults(1.0).withReset(SimulationOptions.Reset.SUBTRACT);
    int[] counts = countsPerStep(oneNeuron(0.375f), 1.0, opts, new double[] {1.0}, 8);
    assertArrayEquals(new int[] {0, 0, 1, 1, 1, 2, 2, 3}, counts);
  }

  @Test
  void anInitialPotentialOfHalfTheThresholdShiftsEverySpikeEarlier() {
    // v(-1) = 0.5·θ = 0.5 (SEMANTICS §7), w = 3/8, θ = 1, an input spike every step.
    // Reset to zero: .875 1.25→spike,0 .375 .75 1.125→spike,0 .375 .75 1.125→spike → spikes at t = 1, 4, 7.
    SimulationOptions zero = SimulationOptions.defaults(1.0).withVInit(0.5);
    assertArrayEquals(new int[] {0, 1, 1, 1, 2, 2, 2, 3},
        countsPerStep(oneNeuron(0.375f), 1.0, zero, new double[] {1.0}, 8));
    // By subtraction: .875 1.25→spike,.25 .625 1.0→spike,0 .375 .75 1.125→spike,.125 .5 → spikes at t = 1, 3, 6.
    SimulationOptions subtract = zero.withReset(SimulationOptions.Reset.SUBTRACT);
    assertArrayEquals(new int[] {0, 1, 1, 2, 2, 2, 3, 3},
        countsPerStep(oneNeuron(0.375f), 1.0, subtract, new double[] {1.0}, 8));
    // The shift is a fraction of each layer's own θ: with θ = 2 and w = 0.75 it starts at 1.
    // 1.75 2.5→spike,0 .75 1.5 2.25→spike → spikes at t = 1, 4.
    assertArrayEquals(new int[] {0, 1, 1, 1, 2},
        countsPerStep(oneNeuron(0.75f), 2.0, zero, new double[] {1.0}, 5));
  }

  /** input (n elements) → fully connected with a bias (1 output) = the output IF layer. */
  static SpikingNetwork oneBiasedNeuron(float bias, float... weights) {
    GraphBuilder b = new GraphBuilder("in", Shape.flat(weights.length));
    int out = b.add("fc", new Dense(1, weights.length, weights, new float[] {bias}), 0);
    return SpikingNetwork.compile(b.build(out));
  }

  @Test
  void aBiasIsACurrentDividedByTheScaleOfItsSource() {
    // SEMANTICS §7: I(t) = w·X(t) + b/Λ_src, Λ_src = λ_in = 2. x = 2 → p = 1: an input spike every
    // step; w = 0.25, b = 0.25 → I = 0.25 + 0.125 = 0.375 → with θ = 1, spikes at t = 2, 5 (as w = 3/8).
    assertArrayEquals(new int[] {0, 0, 1, 1, 1, 2, 2, 2},
        countsPerStep(oneBiasedNeuron(0.25f, 0.25f), 1.0, SimulationOptions.defaults(2.0), new double[] {2.0}, 8));
    // No input at all (x = 0): the bias alone, 0.5 a step with λ_in = 1, fires every other step.
    assertArrayEquals(new int[] {0, 1, 1, 2, 2, 3},
        countsPerStep(oneBiasedNeuron(0.5f, 1f), 1.0, SimulationOptions.defaults(1.0), new double[] {0.0}, 6));
    // A negative bias holds the neuron down: w = 0.5, b = −0.25 → I = 0.25 a step → t = 3, 7.
    assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 1, 2},
        countsPerStep(oneBiasedNeuron(-0.25f, 0.5f), 1.0, SimulationOptions.defaults(1.0), new double[] {1.0}, 8));
  }

  @Test
  void spikeNormsMeasurementIncludesTheBiasCurrent() {
    // x = 0: no input spike ever, so the largest one-step input is the bias current, 0.5 / λ_in = 0.25.
    SpikingNetwork net = oneBiasedNeuron(0.5f, 1f);
    SequentialSimulator sim = new SequentialSimulator(net, Thresholds.unset(2), SimulationOptions.defaults(2.0));
    assertEquals(Fixed.of(0.25), sim.maxInput(List.of(new SnnInput(0, 0, new double[] {0.0})), 1, 10));
  }

  @Test
  void theInitialPotentialIsAFractionOfThetaBelowOne() {
    assertThrows(IllegalArgumentException.class, () -> SimulationOptions.defaults(1.0).withVInit(1.0));
    assertThrows(IllegalArgumentException.class, () -> SimulationOptions.defaults(1.0).withVInit(-0.1));
  }

  @Test
  void atMostOneSpikePerStepAndResidueCarriesOver() {
    // w = 2.5, θ = 1, subtraction: v = 2.5→spike 1.5 | 4.0→spike 3.0 | 5.5→spike 4.5 ... one spike per step.
    SimulationOptions opts = SimulationOptions.defaults(1.0).withReset(SimulationOptions.Reset.SUBTRACT);
    assertArrayEquals(new int[] {1, 2, 3, 4}, countsPerStep(oneNeuron(2.5f), 1.0, opts, new double[] {1.0}, 4));
    // With reset to zero the same neuron also fires at every step (2.5 ≥ 1, then back to 0).
    assertArrayEquals(new int[] {1, 2, 3, 4},
        countsPerStep(oneNeuron(2.5f), 1.0, SimulationOptions.defaults(1.0), new double[] {1.0}, 4));
  }

  @Test
  void negativeInputSpikesInhibit() {
    // x = -1: the input emits a negative spike every step; with w = 0.5 the membrane only falls.
    int[] counts = countsPerStep(oneNeuron(0.5f), 0.25, SimulationOptions.defaults(1.0), new double[] {-1.0}, 5);
    assertArrayEquals(new int[] {0, 0, 0, 0, 0}, counts);
  }

  @Test
  void inputScaleDividesTheFiringProbability() {
    // x = 1 with λ_in = 2 → p = 0.5: the input fires on about half the steps, exactly when u < 0.5.
    SpikingNetwork net = oneNeuron(1f);
    SimulationOptions opts = SimulationOptions.defaults(2.0).withSeed(42);
    SimulationResult r = new SequentialSimulator(net, new Thresholds(new double[] {Double.NaN, 1.0}), opts)
        .run(List.of(new SnnInput(0, 0, new double[] {1.0})), new int[] {200});
    long expected = IntStream.range(0, 200).filter(t -> CounterRng.uniform(42, 0, t, 0) < 0.5).count();
    assertEquals(expected, r.spikes()[0][0]);
    // w = 1 = θ: every input spike makes exactly one output spike in the same timestep.
    assertEquals(expected, r.spikes()[0][1]);
  }

  @Test
  void analogInputIntegratesAConstantCurrent() {
    // analog: current W·(x/λ) = 0.375·(1.5/1.5) every step, as the Poisson case with p = 1.
    SimulationOptions opts = SimulationOptions.defaults(1.5).withInput(SimulationOptions.InputMode.ANALOG);
    int[] counts = countsPerStep(oneNeuron(0.375f), 1.0, opts, new double[] {1.5}, 8);
    assertArrayEquals(new int[] {0, 0, 1, 1, 1, 2, 2, 2}, counts);
  }

  @Test
  void outputTiesGoToTheLargerPotentialThenTheLowerIndex() {
    // Two outputs from one always-spiking input; weights 0.5 and 0.75, θ = 1 (reset to zero):
    // after 2 steps: class 0 has v = 1.0 → spiked at t=1 (count 1, v 0); class 1: .75, 1.5→spike (count 1, v 0).
    // After 3 steps: class 0: v .5, count 1; class 1: v .75, count 1 → tie on counts, class 1 has the larger v.
    GraphBuilder b = new GraphBuilder("in", Shape.flat(1));
    int out = b.add("fc", new Dense(2, 1, new float[] {0.5f, 0.75f}), 0);
    SpikingNetwork net = SpikingNetwork.compile(b.build(out));
    Thresholds th = new Thresholds(new double[] {Double.NaN, 1.0});
    SimulationResult r = new SequentialSimulator(net, th, SimulationOptions.defaults(1.0))
        .run(List.of(new SnnInput(0, 1, new double[] {1.0})), new int[] {3});
    assertEquals(1, r.predictions()[0][0]);
    // Equal weights: a full tie goes to the lower index.
    GraphBuilder b2 = new GraphBuilder("in", Shape.flat(1));
    int out2 = b2.add("fc", new Dense(2, 1, new float[] {0.5f, 0.5f}), 0);
    SimulationResult r2 = new SequentialSimulator(SpikingNetwork.compile(b2.build(out2)), th,
        SimulationOptions.defaults(1.0)).run(List.of(new SnnInput(0, 1, new double[] {1.0})), new int[] {3});
    assertEquals(0, r2.predictions()[0][0]);
  }

  @Test
  void currentReadoutUsesTheAccumulatedInput() {
    GraphBuilder b = new GraphBuilder("in", Shape.flat(1));
    int out = b.add("fc", new Dense(2, 1, new float[] {2.0f, 0.75f}), 0);
    SpikingNetwork net = SpikingNetwork.compile(b.build(out));
    SimulationOptions opts = SimulationOptions.defaults(1.0).withReadout(SimulationOptions.Readout.CURRENT);
    SimulationResult r = new SequentialSimulator(net, new Thresholds(new double[] {Double.NaN, 1.0}), opts)
        .run(List.of(new SnnInput(0, 0, new double[] {1.0})), new int[] {4});
    assertEquals(0, r.predictions()[0][0]);
    assertEquals(0, r.spikes()[0][1], "the output layer never fires with the current readout");
  }

  @Test
  void paperSpikeNormExample() {
    // Sengupta et al. §5.1: a neuron with two inputs of activations 0.5 and 1.0 (unit weights):
    // the ANN's maximum input is 1.5, but in the SNN both inputs can spike in the same timestep,
    // so the largest input the neuron receives — Spike-Norm's threshold — is 2.
    SpikingNetwork net = oneNeuron(1f, 1f);
    SequentialSimulator sim = new SequentialSimulator(net, Thresholds.unset(2), SimulationOptions.defaults(1.0));
    long max = sim.maxInput(List.of(new SnnInput(0, 0, new double[] {0.5, 1.0})), 1, 50);
    assertEquals(2.0, Fixed.toDouble(max), 0.0);
  }
}
