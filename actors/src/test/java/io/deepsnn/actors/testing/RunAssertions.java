package io.deepsnn.actors.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.deepsnn.network.snn.SimulationResult;

/** Assertions that two executions of the same run agree exactly. */
public final class RunAssertions {
  private RunAssertions() {
  }

  /** Same spike trains (by hash), predictions, counts per layer, labels, image indices and timesteps run. */
  public static void assertSameRun(SimulationResult expected, SimulationResult actual, String what) {
    assertArrayEquals(expected.spikeTrainHash(), actual.spikeTrainHash(), "spike trains: " + what);
    assertArrayEquals(expected.correct(), actual.correct(), what);
    assertArrayEquals(expected.predictions(), actual.predictions(), what);
    for (int c = 0; c < expected.checkpoints().length; c++) {
      assertArrayEquals(expected.spikes()[c], actual.spikes()[c], "spikes per layer: " + what);
      assertArrayEquals(expected.synapses()[c], actual.synapses()[c], "synaptic events per layer: " + what);
      assertArrayEquals(expected.shortcutSynapses()[c], actual.shortcutSynapses()[c], what);
    }
    assertArrayEquals(expected.labels(), actual.labels());
    assertArrayEquals(expected.indices(), actual.indices());
    assertArrayEquals(expected.imageTimesteps(), actual.imageTimesteps(), "timesteps per image: " + what);
  }
}
