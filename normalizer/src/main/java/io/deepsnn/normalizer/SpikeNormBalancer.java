package io.deepsnn.normalizer;

import io.deepsnn.network.convert.LayerThreshold;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingNetwork;
import java.util.List;
import java.util.function.Consumer;

/** Spike-Norm on the sequential simulator: {@link SpikeNorm} measured by a {@link SequentialProbe}. */
public final class SpikeNormBalancer {
  private SpikeNormBalancer() {
  }

  /**
   * Balances {@code net}.
   *
   * @param options reset rule, input mode, seed and λ_in of the calibration runs (calibrate with the
   *     reset that will be simulated)
   * @param progress told of each layer once its threshold is set
   */
  public static Balancing balance(SpikingNetwork net, List<SnnInput> calibration, int timesteps,
                                  SimulationOptions options, ResidualPolicy policy, int threads,
                                  Consumer<LayerThreshold> progress) {
    try (SequentialProbe probe = new SequentialProbe(net, calibration, timesteps, options, threads)) {
      return SpikeNorm.balance(net, policy, options.inputScale(), probe, progress);
    }
  }
}
