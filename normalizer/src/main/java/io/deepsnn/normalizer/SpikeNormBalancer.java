package io.deepsnn.normalizer;

import io.deepsnn.network.convert.LayerThreshold;

import io.deepsnn.network.snn.Fixed;
import io.deepsnn.network.snn.SequentialSimulator;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingLayer;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.snn.Thresholds;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Spike-Norm (Sengupta et al. 2019), with the SNN in the loop: layer after layer, run the SNN
 * whose earlier layers already have their thresholds on the calibration images for T_cal
 * timesteps, and set θ_l to the largest weighted spike input one neuron of layer l receives in one
 * timestep (SEMANTICS §5). Under the unity residual policy, layers inside residual units get θ = 1
 * and are not measured. Images are spread over threads; the maximum does not depend on how.
 */
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
    if (timesteps < 1 || calibration.isEmpty()) {
      throw new IllegalArgumentException("Spike-Norm needs at least one calibration image and one timestep");
    }
    Thresholds th = Thresholds.unset(net.size());
    List<LayerThreshold> out = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
      Thread t = new Thread(r, "spike-norm");
      t.setDaemon(true);
      return t;
    });
    try {
      for (int l = 1; l < net.size(); l++) {
        SpikingLayer layer = net.layer(l);
        LayerThreshold b;
        if (policy == ResidualPolicy.UNITY && layer.residual()) {
          b = new LayerThreshold(l, layer.name(), Double.NaN, 1, 1, true, "");
        } else {
          long max = maxInput(net, th, options, calibration, l, timesteps, pool, threads);
          double m = max == Long.MIN_VALUE ? Double.NaN : Fixed.toDouble(max);
          if (m > 0) {
            b = new LayerThreshold(l, layer.name(), m, 1, m, false, "");
          } else {
            b = new LayerThreshold(l, layer.name(), m, 1, 1, false,
                "no positive input on the calibration images; threshold 1");
          }
        }
        th = th.with(l, b.threshold());
        out.add(b);
        progress.accept(b);
      }
    } finally {
      pool.shutdownNow();
    }
    return new Balancing(th, options.inputScale(), out);
  }

  private static long maxInput(SpikingNetwork net, Thresholds th, SimulationOptions options, List<SnnInput> images,
                               int layer, int timesteps, ExecutorService pool, int threads) {
    SequentialSimulator sim = new SequentialSimulator(net, th, options);
    int chunks = Math.max(1, Math.min(images.size(), threads * 4));
    List<Future<Long>> parts = new ArrayList<>();
    for (int c = 0; c < chunks; c++) {
      List<SnnInput> part = images.subList(c * images.size() / chunks, (c + 1) * images.size() / chunks);
      parts.add(pool.submit(() -> sim.maxInput(part, layer, timesteps)));
    }
    long max = Long.MIN_VALUE;
    try {
      for (Future<Long> f : parts) {
        max = Math.max(max, f.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    }
    return max;
  }
}
