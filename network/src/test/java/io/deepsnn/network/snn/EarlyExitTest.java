package io.deepsnn.network.snn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.testing.RandomGraphs;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The early-exit rule on hand-built output counts, and what it does to a simulation. */
class EarlyExitTest {

  @Test
  void anImageExitsOnceItsPredictionHeldForWTimestepsAndLeadsByK() {
    EarlyExit.Tracker t = new EarlyExit(2, 3).tracker();
    // class 1 leads by 3 from the first step: held 0, 1, then 2 timesteps → exits at the third
    assertFalse(t.observe(new long[] {0, 3, 0}, 1));
    assertFalse(t.observe(new long[] {0, 4, 1}, 1));
    assertTrue(t.observe(new long[] {1, 5, 2}, 1));
  }

  @Test
  void aLeadOfOneSpikeLessThanKNeverExits() {
    EarlyExit.Tracker t = new EarlyExit(1, 3).tracker();
    for (int step = 0; step < 50; step++) {
      assertFalse(t.observe(new long[] {step, step + 2, 0}, 1), "lead 2 < K 3 at step " + step);
    }
    assertTrue(t.observe(new long[] {50, 53, 0}, 1), "lead 3 = K: exits");
  }

  @Test
  void aChangeOfPredictionStartsTheWindowAgain() {
    EarlyExit.Tracker t = new EarlyExit(2, 1).tracker();
    assertFalse(t.observe(new long[] {2, 0}, 0));
    assertFalse(t.observe(new long[] {2, 3}, 1)); // changed: held 0
    assertFalse(t.observe(new long[] {2, 4}, 1)); // held 1
    assertFalse(t.observe(new long[] {5, 4}, 0)); // changed back
    assertFalse(t.observe(new long[] {6, 4}, 0));
    assertTrue(t.observe(new long[] {7, 4}, 0)); // held 2, lead 3 ≥ 1
  }

  @Test
  void aTieIsNoLeadHowLongEverItHolds() {
    // Tied counts: the output rule picks by membrane potential, but the lead is 0 < K (K ≥ 1).
    EarlyExit.Tracker t = new EarlyExit(1, 1).tracker();
    for (int step = 0; step < 20; step++) {
      assertFalse(t.observe(new long[] {4, 4, 1}, 0));
    }
    assertEquals(0, EarlyExit.Tracker.lead(new long[] {4, 4, 1}, 1));
    assertEquals(3, EarlyExit.Tracker.lead(new long[] {4, 1, 1}, 0));
    assertEquals(5, EarlyExit.Tracker.lead(new long[] {5}, 0), "one class: its count is its lead");
  }

  @Test
  void parsingAcceptsWColonKAndOffAndNamesWhatIsWrong() {
    assertEquals(new EarlyExit(20, 3), EarlyExit.parse("20:3"));
    assertEquals(new EarlyExit(1, 1), EarlyExit.parse(" 1 : 1 "));
    assertEquals(EarlyExit.OFF, EarlyExit.parse("off"));
    assertFalse(EarlyExit.OFF.enabled());
    assertEquals("20:3", new EarlyExit(20, 3).toString());
    for (String bad : new String[] {"20", "a:3", "20:", "0:3", "20:0", "-1:2", "3:-1", ""}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EarlyExit.parse(bad), bad);
      assertTrue(e.getMessage().contains("W:K"), e.getMessage());
    }
  }

  @Test
  void theCurrentReadoutFiresNoSpikesSoEarlyExitIsRefusedWithIt() {
    SimulationOptions o = SimulationOptions.defaults(1).withEarlyExit(new EarlyExit(3, 2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> o.withReadout(SimulationOptions.Readout.CURRENT));
    assertTrue(e.getMessage().contains("--early-exit"), e.getMessage());
  }

  @Test
  void anExitedImageKeepsItsPredictionAndCountersAndTheOthersRunAsWithout() {
    long seed = 5;
    Graph g = RandomGraphs.vgg(seed);
    SpikingNetwork net = SpikingNetwork.compile(g);
    Thresholds th = RandomGraphs.thresholds(net, seed);
    SimulationOptions full = SimulationOptions.defaults(3.0).withSeed(seed).withReset(SimulationOptions.Reset.SUBTRACT);
    List<SnnInput> in = RandomGraphs.images(g, seed, 12, 10);
    int[] cps = new int[60];
    Arrays.setAll(cps, k -> k + 1);
    SimulationResult without = new SequentialSimulator(net, th, full).run(in, cps);
    SimulationResult with = new SequentialSimulator(net, th, full.withEarlyExit(new EarlyExit(5, 6))).run(in, cps);
    int exited = 0;
    for (int i = 0; i < in.size(); i++) {
      int steps = with.imageTimesteps()[i];
      // Each image, run alone: up to its exit it is the image without early exit.
      SimulationResult alone = new SequentialSimulator(net, th, full).run(List.of(in.get(i)), cps);
      SimulationResult aloneWith = new SequentialSimulator(net, th, full.withEarlyExit(new EarlyExit(5, 6)))
          .run(List.of(in.get(i)), cps);
      assertEquals(steps, aloneWith.imageTimesteps()[0], "a batch exits each image as alone does");
      for (int c = 0; c < cps.length; c++) {
        int k = Math.min(c, steps - 1);
        assertEquals(without.predictions()[i][k], with.predictions()[i][c], "image " + i + " at T " + cps[c]);
        assertArrayEquals(alone.spikes()[k], aloneWith.spikes()[c], "image " + i + " spikes frozen at its exit");
        assertArrayEquals(alone.synapses()[k], aloneWith.synapses()[c], "image " + i + " ACs frozen at its exit");
      }
      if (steps < 60) {
        exited++;
      }
    }
    assertTrue(exited > 0 && exited < in.size(), exited + " of " + in.size() + " exited: the case needs both kinds");
    assertTrue(with.meanTimesteps(with.last()) < 60);
    assertTrue(with.totalSynapses() < without.totalSynapses(), "exited images do no synaptic work");
  }

  @Test
  void aWindowLongerThanTheRunChangesNothing() {
    long seed = 6;
    Graph g = RandomGraphs.resnet(seed);
    SpikingNetwork net = SpikingNetwork.compile(g);
    Thresholds th = RandomGraphs.thresholds(net, seed);
    SimulationOptions full = SimulationOptions.defaults(3.0).withSeed(seed);
    List<SnnInput> in = RandomGraphs.images(g, seed, 6, 10);
    int[] cps = {10, 40};
    SimulationResult without = new SequentialSimulator(net, th, full).run(in, cps);
    SimulationResult with = new SequentialSimulator(net, th, full.withEarlyExit(new EarlyExit(40, 1))).run(in, cps);
    assertArrayEquals(without.spikeTrainHash(), with.spikeTrainHash());
    assertArrayEquals(without.predictions(), with.predictions());
    assertArrayEquals(without.imageTimesteps(), with.imageTimesteps());
    assertEquals(40.0, with.meanTimesteps(1));
    assertEquals(10.0, with.meanTimesteps(0));
  }
}
