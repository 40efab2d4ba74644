package io.deepsnn.normalizer;

import io.deepsnn.network.snn.SequentialSimulator;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.snn.Thresholds;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Spike-Norm's measurement on the sequential simulator, the calibration images spread over
 * threads (the maximum does not depend on how). Close it to stop the threads.
 */
public final class SequentialProbe implements SpikeNorm.Probe, AutoCloseable {
  private final SpikingNetwork net;
  private final List<SnnInput> images;
  private final int timesteps;
  private final SimulationOptions options;
  private final int threads;
  private final ExecutorService pool;

  /**
   * A probe of {@code net} on {@code images} for {@code timesteps} steps, simulated with
   * {@code options} (calibrate with the reset that will be simulated), on {@code threads} threads.
   */
  public SequentialProbe(SpikingNetwork net, List<SnnInput> images, int timesteps, SimulationOptions options,
                         int threads) {
    SpikeNorm.checkCalibration(images, timesteps);
    this.net = net;
    this.images = images;
    this.timesteps = timesteps;
    this.options = options;
    this.threads = Math.max(1, threads);
    this.pool = Executors.newFixedThreadPool(this.threads, r -> {
      Thread t = new Thread(r, "spike-norm");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public SpikeNorm.Measurement maxInput(Thresholds thresholds, int layer) {
    SequentialSimulator sim = new SequentialSimulator(net, thresholds, options);
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
    return SpikeNorm.Measurement.of(max);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
