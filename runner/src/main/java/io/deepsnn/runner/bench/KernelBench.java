package io.deepsnn.runner.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.deepsnn.network.snn.SequentialSimulator;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SimulationResult;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.snn.Thresholds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * End-to-end timing of one network: the event-driven kernels on one thread against the dense
 * kernels (and the density-switching mix) on the same images and timesteps, and the event-driven
 * kernels on several threads (images split between them), checking on the way that all of them
 * fire the same spikes.
 */
public final class KernelBench {
  private KernelBench() {
  }

  /**
   * Timings of one network. {@code eventSeconds}: one thread; {@code parallelSeconds}: wall time
   * on {@code threads} threads (NaN when there are fewer images than threads or one thread).
   */
  public record Result(String network, int images, int timesteps, int denseTimesteps, long synapticEvents,
                       double eventSeconds, double eventsPerSecond, double denseSeconds, double autoSeconds,
                       double speedupOverDense, double autoSpeedupOverDense, double accuracy, boolean identical,
                       double[] layerInputDensity, int threads, double parallelSeconds) {
    /** Nanoseconds of one thread per synaptic event, end to end on one thread. */
    @JsonProperty
    public double nanosPerEvent() {
      return eventSeconds * 1e9 / synapticEvents;
    }

    /** Synaptic events per second of wall time on {@link #threads()} threads. */
    @JsonProperty
    public double parallelEventsPerSecond() {
      return synapticEvents / parallelSeconds;
    }

    /** Nanoseconds of thread time per synaptic event on {@link #threads()} threads. */
    @JsonProperty
    public double parallelNanosPerEventPerThread() {
      return parallelSeconds * threads * 1e9 / synapticEvents;
    }
  }

  /**
   * Times {@code images} for {@code timesteps} steps with each kernel. The dense kernel runs
   * {@code denseTimesteps} steps (≤ timesteps; the event run is timed over the same steps for the
   * speed-up).
   */
  public static Result run(String name, SpikingNetwork net, Thresholds th, SimulationOptions base,
                           List<SnnInput> images, int timesteps, int denseTimesteps, int threads) {
    int[] all = {timesteps};
    int[] head = {denseTimesteps};
    SequentialSimulator event = new SequentialSimulator(net, th, base.withKernel(SimulationOptions.KernelMode.EVENT));
    // Warm the JIT on one image before timing.
    event.run(images.subList(0, 1), new int[] {Math.min(timesteps, 50)});
    long t0 = System.nanoTime();
    SimulationResult r = event.run(images, all);
    double eventSeconds = (System.nanoTime() - t0) / 1e9;
    long t1 = System.nanoTime();
    SimulationResult eventHead = denseTimesteps == timesteps ? r : event.run(images, head);
    double eventHeadSeconds = denseTimesteps == timesteps ? eventSeconds : (System.nanoTime() - t1) / 1e9;
    SequentialSimulator dense = new SequentialSimulator(net, th, base.withKernel(SimulationOptions.KernelMode.DENSE));
    long t2 = System.nanoTime();
    SimulationResult d = dense.run(images, head);
    double denseSeconds = (System.nanoTime() - t2) / 1e9;
    SequentialSimulator auto = new SequentialSimulator(net, th, base.withKernel(SimulationOptions.KernelMode.AUTO));
    long t3 = System.nanoTime();
    SimulationResult a = auto.run(images, head);
    double autoSeconds = (System.nanoTime() - t3) / 1e9;
    boolean identical = Arrays.equals(eventHead.spikeTrainHash(), d.spikeTrainHash())
        && Arrays.equals(eventHead.spikeTrainHash(), a.spikeTrainHash());
    double parallelSeconds = Double.NaN;
    if (threads > 1 && images.size() >= threads) {
      long t4 = System.nanoTime();
      long parallelSynapses = onThreads(net, th, base, images, timesteps, threads);
      parallelSeconds = (System.nanoTime() - t4) / 1e9;
      identical &= parallelSynapses == r.totalSynapses();
    }
    long events = r.totalSynapses() + Arrays.stream(r.shortcutSynapses()[r.last()]).sum();
    double[] density = new double[net.size()];
    for (int l = 0; l < net.size(); l++) {
      density[l] = (double) r.spikes()[r.last()][l] / net.layer(l).neurons() / images.size() / timesteps;
    }
    return new Result(name, images.size(), timesteps, denseTimesteps, events, eventSeconds, events / eventSeconds,
        denseSeconds, autoSeconds, denseSeconds / eventHeadSeconds, denseSeconds / autoSeconds, r.accuracy(r.last()),
        identical, density, threads, parallelSeconds);
  }

  /**
   * The event-driven run with the images split into {@code threads} contiguous shares, one
   * simulator per thread (as {@code simulate --threads} does); returns the synaptic events of
   * all shares, which must equal the one-thread run's.
   */
  private static long onThreads(SpikingNetwork net, Thresholds th, SimulationOptions base, List<SnnInput> images,
                                int timesteps, int threads) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Long>> shares = new ArrayList<>();
      for (int k = 0; k < threads; k++) {
        List<SnnInput> share = images.subList(k * images.size() / threads, (k + 1) * images.size() / threads);
        shares.add(pool.submit(() -> new SequentialSimulator(net, th, base.withKernel(SimulationOptions.KernelMode.EVENT))
            .run(share, new int[] {timesteps}).totalSynapses()));
      }
      long total = 0;
      for (Future<Long> f : shares) {
        total += f.get();
      }
      return total;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
