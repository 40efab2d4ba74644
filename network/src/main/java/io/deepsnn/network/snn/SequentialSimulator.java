package io.deepsnn.network.snn;

import java.util.Arrays;
import java.util.List;

/**
 * The plain sequential simulator of the converted network: the oracle that every other execution
 * (actors, tiles, cluster) must reproduce bit for bit. One thread; the images of a batch run one
 * after the other, each through all its timesteps, and are independent of each other, so a batch
 * gives exactly the results of its images run one at a time.
 *
 * <p>Per timestep t: the input layer emits its Poisson spikes; then every layer, in topological
 * order, integrates the spikes its sources emitted in the same timestep (pseudo-simultaneous
 * propagation) and fires (SEMANTICS §3). What a layer does in a timestep is its {@link TileStep}
 * (one whole-layer step per layer and image): this class only hands each step its sources' spikes
 * and reads the counters, exactly as a tile actor does. An image the {@link EarlyExit} rule
 * stopped is not stepped again: its counters and prediction stay as they were.
 */
public final class SequentialSimulator {
  private final SpikingNetwork net;
  private final Thresholds thresholds;
  private final SimulationOptions options;

  /** A simulator of {@code net} with the given thresholds and options. */
  public SequentialSimulator(SpikingNetwork net, Thresholds thresholds, SimulationOptions options) {
    if (thresholds.size() != net.size()) {
      throw new IllegalArgumentException("thresholds for " + thresholds.size() + " layers, network has " + net.size());
    }
    this.net = net;
    this.thresholds = thresholds;
    this.options = options;
  }

  /**
   * Simulates {@code images} for {@code max(checkpoints)} timesteps and reads accuracy and
   * counters at every checkpoint.
   */
  public SimulationResult run(List<SnnInput> images, int[] checkpoints) {
    int[] cps = validCheckpoints(checkpoints);
    int layers = net.size();
    TileSteps factory = new TileSteps(net, thresholds, options, -1);
    int[] correct = new int[cps.length];
    long[][] spikes = new long[cps.length][layers];
    long[][] synapses = new long[cps.length][layers];
    long[][] shortcut = new long[cps.length][layers];
    int[][] predictions = new int[images.size()][cps.length];
    boolean exits = options.earlyExit().enabled();
    long[] nanos = new long[cps.length];
    int[] labels = new int[images.size()];
    long[] indices = new long[images.size()];
    long[] hash = new long[layers];
    int[] timesteps = new int[images.size()];
    // Image after image, each through all its timesteps: an image's membranes then stay in the
    // core's cache from one timestep to the next (a batch advanced timestep by timestep sweeps all
    // of its images' state every step). Images are independent, so the order changes nothing else.
    for (int i = 0; i < images.size(); i++) {
      ImageRun r = new ImageRun(factory, images.get(i), layers);
      long start = System.nanoTime();
      int c = 0;
      for (int t = 0; t < cps[cps.length - 1]; t++) {
        if (!r.exited) {
          r.step(t);
          r.timesteps = t + 1;
          r.exited = exits && r.output().exitedAfter() >= 0;
        }
        if (t + 1 == cps[c]) {
          // The wall time of a checkpoint is what the batch spent to bring every image to it.
          nanos[c] += System.nanoTime() - start;
          predictions[i][c] = r.predict();
          correct[c] += predictions[i][c] == r.input.label() ? 1 : 0;
          for (int l = 0; l < layers; l++) {
            spikes[c][l] += r.steps[l].emitted();
            synapses[c][l] += r.steps[l].synapses();
            shortcut[c][l] += r.steps[l].shortcutSynapses();
          }
          c++;
        }
      }
      timesteps[i] = r.timesteps;
      labels[i] = r.input.label();
      indices[i] = r.input.index();
      for (int l = 0; l < layers; l++) {
        hash[l] += r.steps[l].hash();
      }
    }
    return new SimulationResult(cps, images.size(), correct, spikes, synapses, shortcut, predictions, labels, indices,
        hash, timesteps, nanos);
  }

  /**
   * Spike-Norm's measurement for layer {@code layer}: the largest weighted spike input one neuron
   * of it receives in one timestep (t = 0 included), over {@code images} and {@code timesteps}
   * steps, with layers {@code 1..layer-1} firing at their thresholds (SEMANTICS §5). Returns it in
   * fixed point, or {@code Long.MIN_VALUE} when no input ever arrived.
   */
  public long maxInput(List<SnnInput> images, int layer, int timesteps) {
    if (layer < 1 || layer >= net.size()) {
      throw new IllegalArgumentException("no layer " + layer);
    }
    TileSteps factory = new TileSteps(net, thresholds, options, layer);
    long max = Long.MIN_VALUE;
    for (SnnInput image : images) {
      ImageRun r = new ImageRun(factory, image, layer + 1);
      for (int t = 0; t < timesteps; t++) {
        r.step(t);
      }
      max = Math.max(max, ((ProbeStep) r.steps[layer]).maxInput());
    }
    return max;
  }

  /**
   * The spikes each neuron of layer {@code layer} fires over {@code images} in {@code timesteps}
   * steps, summed over the images, in the layer's neuron order (channels last); the layers after
   * it are not simulated. Bias calibration compares these rates with the ANN's activations.
   */
  public long[] spikeCounts(List<SnnInput> images, int layer, int timesteps) {
    if (layer < 1 || layer >= net.size()) {
      throw new IllegalArgumentException("no layer " + layer);
    }
    TileSteps factory = new TileSteps(net, thresholds, options, -1);
    long[] counts = new long[net.layer(layer).neurons()];
    for (SnnInput image : images) {
      ImageRun r = new ImageRun(factory, image, layer + 1);
      for (int t = 0; t < timesteps; t++) {
        r.step(t);
        TileStep s = r.steps[layer];
        int[] fired = s.spikes();
        for (int k = 0; k < s.spikeCount(); k++) {
          counts[fired[k]]++;
        }
      }
    }
    return counts;
  }

  private static int[] validCheckpoints(int[] checkpoints) {
    int[] cps = Arrays.stream(checkpoints).distinct().sorted().toArray();
    if (cps.length == 0 || cps[0] < 1) {
      throw new IllegalArgumentException("timesteps must be positive, got " + Arrays.toString(checkpoints));
    }
    return cps;
  }

  /** One image: a whole-layer step per layer, each fed its sources' spikes of the same timestep. */
  private final class ImageRun {
    final SnnInput input;
    final TileStep[] steps;
    /** Timesteps simulated so far. */
    int timesteps;
    /** Whether the early-exit rule stopped this image: no layer steps it again (SEMANTICS §7). */
    boolean exited;

    ImageRun(TileSteps factory, SnnInput input, int layers) {
      this.input = input;
      this.steps = new TileStep[layers];
      for (int l = 0; l < layers; l++) {
        steps[l] = factory.whole(l, input);
      }
    }

    /** Advances every layer held by one timestep. */
    void step(int t) {
      steps[0].step(t);
      for (int l = 1; l < steps.length; l++) {
        NeuronStep target = (NeuronStep) steps[l];
        java.util.List<Projection> projections = net.layer(l).projections();
        for (int p = 0; p < projections.size(); p++) {
          TileStep source = steps[projections.get(p).source()];
          target.receive(p, source.spikes(), source.spikeCount());
        }
        target.step(t);
      }
    }

    /** The predicted class now (SEMANTICS §4). */
    int predict() {
      return output().predict();
    }

    OutputStep output() {
      return (OutputStep) steps[steps.length - 1];
    }
  }
}
