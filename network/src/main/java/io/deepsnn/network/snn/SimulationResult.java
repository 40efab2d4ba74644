package io.deepsnn.network.snn;

import java.util.Arrays;

/**
 * What one simulation measured, at each requested timestep ({@code checkpoints}, ascending).
 * Counts are totals over all images; merge results of image batches with {@link #plus}.
 *
 * @param checkpoints timesteps at which accuracy and counters were read (T = number of steps done)
 * @param images number of images
 * @param correct correct predictions at each checkpoint
 * @param spikes spikes per layer fired up to each checkpoint: {@code [checkpoint][layer]}
 * @param synapses synaptic events (ACs) into each layer up to each checkpoint
 * @param shortcutSynapses events through parameter-free shortcuts into each layer
 * @param predictions predicted class of each image at each checkpoint: {@code [image][checkpoint]}
 * @param labels each image's label
 * @param indices each image's index in its data set
 * @param spikeTrainHash per layer, an order-independent fingerprint of every spike fired (which
 *     neuron, which timestep, which image) over the full run: two executions with equal
 *     fingerprints fired the same spikes
 * @param imageTimesteps per image, the timesteps it was simulated: the last checkpoint, or fewer
 *     when the {@link EarlyExit} rule stopped it
 * @param checkpointNanos per checkpoint, the compute time spent up to it, summed over the image
 *     batches (a measurement, not part of what is compared between executions; 0 where unknown)
 */
public record SimulationResult(int[] checkpoints, int images, int[] correct, long[][] spikes, long[][] synapses,
                               long[][] shortcutSynapses, int[][] predictions, int[] labels, long[] indices,
                               long[] spikeTrainHash, int[] imageTimesteps, long[] checkpointNanos) {

  /** A result in which every image ran every timestep (no early exit), without times. */
  public SimulationResult(int[] checkpoints, int images, int[] correct, long[][] spikes, long[][] synapses,
                          long[][] shortcutSynapses, int[][] predictions, int[] labels, long[] indices,
                          long[] spikeTrainHash) {
    this(checkpoints, images, correct, spikes, synapses, shortcutSynapses, predictions, labels, indices,
        spikeTrainHash, fullRuns(images, checkpoints), new long[checkpoints.length]);
  }

  private static int[] fullRuns(int images, int[] checkpoints) {
    int[] t = new int[images];
    Arrays.fill(t, checkpoints[checkpoints.length - 1]);
    return t;
  }

  /**
   * The mean number of timesteps an image was simulated up to checkpoint {@code c}: the
   * checkpoint itself without early exit, less with it.
   */
  public double meanTimesteps(int c) {
    if (images == 0) {
      return Double.NaN;
    }
    long sum = 0;
    for (int t : imageTimesteps) {
      sum += Math.min(t, checkpoints[c]);
    }
    return (double) sum / images;
  }

  /** The fingerprint of one spike of image {@code image} at timestep {@code t}, neuron {@code neuron}. */
  public static long spikeHash(long image, int t, int neuron) {
    return spikeHash(stepHash(image, t), neuron);
  }

  /** The part of {@link #spikeHash} shared by every spike of one image and timestep. */
  static long stepHash(long image, int t) {
    return CounterRng.splitmix64(image * 0x9E3779B97F4A7C15L + t);
  }

  /** {@link #spikeHash} of a neuron, given its image and timestep's {@link #stepHash}. */
  static long spikeHash(long stepHash, int neuron) {
    return CounterRng.splitmix64(stepHash ^ neuron);
  }

  /** Accuracy (fraction) at checkpoint {@code c}. */
  public double accuracy(int c) {
    return images == 0 ? Double.NaN : (double) correct[c] / images;
  }

  /** Index of the last checkpoint (the full run). */
  public int last() {
    return checkpoints.length - 1;
  }

  /** Total synaptic events (ACs) of the full run. */
  public long totalSynapses() {
    return Arrays.stream(synapses[last()]).sum();
  }

  /** Total spikes of the full run. */
  public long totalSpikes() {
    return Arrays.stream(spikes[last()]).sum();
  }

  /** The results of two disjoint image sets together (this one's images first). */
  public SimulationResult plus(SimulationResult o) {
    if (!Arrays.equals(checkpoints, o.checkpoints)) {
      throw new IllegalArgumentException("results of different checkpoints cannot be merged");
    }
    int[] c = new int[checkpoints.length];
    long[][] s = new long[checkpoints.length][];
    long[][] a = new long[checkpoints.length][];
    long[][] sc = new long[checkpoints.length][];
    for (int k = 0; k < c.length; k++) {
      c[k] = correct[k] + o.correct[k];
      s[k] = add(spikes[k], o.spikes[k]);
      a[k] = add(synapses[k], o.synapses[k]);
      sc[k] = add(shortcutSynapses[k], o.shortcutSynapses[k]);
    }
    int[][] p = concat(predictions, o.predictions);
    int[] l = new int[labels.length + o.labels.length];
    System.arraycopy(labels, 0, l, 0, labels.length);
    System.arraycopy(o.labels, 0, l, labels.length, o.labels.length);
    long[] idx = new long[indices.length + o.indices.length];
    System.arraycopy(indices, 0, idx, 0, indices.length);
    System.arraycopy(o.indices, 0, idx, indices.length, o.indices.length);
    int[] steps = new int[imageTimesteps.length + o.imageTimesteps.length];
    System.arraycopy(imageTimesteps, 0, steps, 0, imageTimesteps.length);
    System.arraycopy(o.imageTimesteps, 0, steps, imageTimesteps.length, o.imageTimesteps.length);
    return new SimulationResult(checkpoints, images + o.images, c, s, a, sc, p, l, idx,
        add(spikeTrainHash, o.spikeTrainHash), steps, add(checkpointNanos, o.checkpointNanos));
  }

  private static long[] add(long[] x, long[] y) {
    long[] r = new long[x.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = x[i] + y[i];
    }
    return r;
  }

  private static int[][] concat(int[][] x, int[][] y) {
    int[][] r = Arrays.copyOf(x, x.length + y.length);
    System.arraycopy(y, 0, r, x.length, y.length);
    return r;
  }
}
