package io.deepsnn.normalizer;

import io.deepsnn.network.ann.AnnInference;
import io.deepsnn.network.convert.LayerThreshold;
import io.deepsnn.network.snn.BiasCurrent;
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
 * Bias calibration after balancing (Li et al. 2021's "light" calibration; SEMANTICS §7): for
 * l = 1..L in order, with the layers before it already calibrated, simulate the calibration
 * images for the target T_c timesteps and add to every output channel c of layer l the current
 * θ_l · mean over images and positions of (a_l / Λ_l − r_l), where a_l is the ANN activation
 * and r_l = spikes / T_c the SNN's rate: the charge per timestep the layer's neurons miss, on
 * average, to fire at the rate the ANN asks of them. Only layers with a ReLU in the ANN are
 * calibrated (the output layer's logits have no rate to match). Spike counts are integers
 * summed over images, so the result does not depend on the number of threads.
 */
public final class BiasCalibration {
  private BiasCalibration() {
  }

  /**
   * Calibrates the bias currents of {@code net} balanced as {@code balanced}.
   *
   * @param images the calibration images
   * @param steps T_c, the timesteps the network will be simulated for
   * @param options the simulation options that will be used (seed, reset, initial potential, input)
   * @param log told each calibrated layer's record
   */
  public static Balancing calibrate(SpikingNetwork net, Balancing balanced, List<SnnInput> images, int steps,
                                    SimulationOptions options, int threads, Consumer<LayerThreshold> log) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("bias calibration needs calibration images");
    }
    if (steps < 1) {
      throw new IllegalArgumentException("bias calibration needs at least one timestep, got " + steps);
    }
    double[][] meanActivation = meanActivationPerChannel(net, images);
    Thresholds th = balanced.thresholds();
    List<LayerThreshold> records = new ArrayList<>(balanced.layers());
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
      Thread t = new Thread(r, "bias-calibration");
      t.setDaemon(true);
      return t;
    });
    try {
      for (int l = 1; l < net.size(); l++) {
        SpikingLayer layer = net.layer(l);
        if (!layer.annRelu()) {
          continue;
        }
        long[] counts = spikeCounts(new SequentialSimulator(net, th, options), images, l, steps, pool, threads);
        int channels = layer.shape().channels();
        double[] rate = new double[channels];
        for (int n = 0; n < counts.length; n++) {
          rate[n % channels] += counts[n];
        }
        double perChannel = (double) images.size() * steps * (counts.length / channels);
        double scale = BiasCurrent.scales(net, th, options.inputScale(), l + 1)[l];
        double theta = th.get(l);
        double[] correction = th.correction(l) == null ? new double[channels] : th.correction(l);
        for (int c = 0; c < channels; c++) {
          correction[c] += theta * (meanActivation[l][c] / scale - rate[c] / perChannel);
        }
        th = th.withCorrection(l, correction);
        for (int i = 0; i < records.size(); i++) {
          if (records.get(i).layer() == l) {
            LayerThreshold r = records.get(i).withBiasCorrection(correction);
            records.set(i, r);
            log.accept(r);
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return new Balancing(th, balanced.inputScale(), records);
  }

  /** Per layer and output channel, the ANN activation's mean over the images and positions. */
  static double[][] meanActivationPerChannel(SpikingNetwork net, List<SnnInput> images) {
    AnnInference ann = new AnnInference(net.graph());
    double[][] sum = new double[net.size()][];
    for (int l = 1; l < net.size(); l++) {
      sum[l] = new double[net.layer(l).shape().channels()];
    }
    for (SnnInput in : images) {
      float[] x = new float[in.x().length];
      for (int k = 0; k < x.length; k++) {
        x[k] = (float) in.x()[k];
      }
      float[][] act = ann.forwardAll(x);
      for (int l = 1; l < net.size(); l++) {
        float[] a = act[net.layer(l).annNode()];
        int channels = sum[l].length;
        int positions = a.length / channels;
        // the ANN's activations are channel-major: index = c · positions + position
        for (int i = 0; i < a.length; i++) {
          sum[l][i / positions] += a[i];
        }
      }
    }
    for (int l = 1; l < net.size(); l++) {
      int positions = net.layer(l).neurons() / sum[l].length;
      for (int c = 0; c < sum[l].length; c++) {
        sum[l][c] /= (double) images.size() * positions;
      }
    }
    return sum;
  }

  private static long[] spikeCounts(SequentialSimulator sim, List<SnnInput> images, int layer, int steps,
                                    ExecutorService pool, int threads) {
    int chunks = Math.max(1, Math.min(images.size(), threads * 4));
    List<Future<long[]>> parts = new ArrayList<>();
    for (int c = 0; c < chunks; c++) {
      List<SnnInput> part = images.subList(c * images.size() / chunks, (c + 1) * images.size() / chunks);
      parts.add(pool.submit(() -> sim.spikeCounts(part, layer, steps)));
    }
    long[] total = null;
    try {
      for (Future<long[]> f : parts) {
        long[] p = f.get();
        if (total == null) {
          total = p;
        } else {
          for (int i = 0; i < p.length; i++) {
            total[i] += p[i];
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    }
    return total;
  }
}
