package io.deepsnn.runner.bench;

import io.deepsnn.network.snn.SequentialSimulator;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SimulationResult;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.snn.Thresholds;
import java.util.Arrays;
import java.util.List;

/**
 * End-to-end single-thread timing of one network: the event-driven kernels against the dense
 * kernels (and the density-switching mix) on the same images and timesteps, checking on the way
 * that all of them fire the same spikes.
 */
public final class KernelBench {
  private KernelBench() {
  }

  /** Timings of one network. */
  public record Result(String network, int images, int timesteps, int denseTimesteps, long synapticEvents,
                       double eventSeconds, double eventsPerSecond, double denseSeconds, double autoSeconds,
                       double speedupOverDense, double autoSpeedupOverDense, double accuracy, boolean identical,
                       double[] layerInputDensity) {
  }

  /**
   * Times {@code images} for {@code timesteps} steps with each kernel. The dense kernel runs
   * {@code denseTimesteps} steps (≤ timesteps; the event run is timed over the same steps for the
   * speed-up).
   */
  public static Result run(String name, SpikingNetwork net, Thresholds th, SimulationOptions base,
                           List<SnnInput> images, int timesteps, int denseTimesteps) {
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
    long events = r.totalSynapses() + Arrays.stream(r.shortcutSynapses()[r.last()]).sum();
    double[] density = new double[net.size()];
    for (int l = 0; l < net.size(); l++) {
      density[l] = (double) r.spikes()[r.last()][l] / net.layer(l).neurons() / images.size() / timesteps;
    }
    return new Result(name, images.size(), timesteps, denseTimesteps, events, eventSeconds, events / eventSeconds,
        denseSeconds, autoSeconds, denseSeconds / eventHeadSeconds, denseSeconds / autoSeconds, r.accuracy(r.last()),
        identical, density);
  }
}
