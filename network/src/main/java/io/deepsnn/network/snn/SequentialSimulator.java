package io.deepsnn.network.snn;

import io.deepsnn.network.ann.AnnInference;
import io.deepsnn.network.graph.Node;
import io.deepsnn.network.graph.Relu;
import io.deepsnn.network.graph.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * The plain sequential simulator of the converted network: the oracle that every other execution
 * (actors, tiles, cluster) must reproduce bit for bit. One thread; a batch of images advances
 * timestep by timestep, each image independent of the others, so a batch gives exactly the
 * results of its images run one at a time.
 *
 * <p>Per timestep t: the input layer emits its Poisson spikes; then every layer, in topological
 * order, integrates the spikes its sources emitted in the same timestep (pseudo-simultaneous
 * propagation) and fires (SEMANTICS §3).
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
    long[] fixed = thresholds.fixed(net, net.size());
    int layers = net.size();
    ImageRun[] runs = new ImageRun[images.size()];
    for (int i = 0; i < runs.length; i++) {
      runs[i] = new ImageRun(images.get(i), fixed, layers);
    }
    int[] correct = new int[cps.length];
    long[][] spikes = new long[cps.length][];
    long[][] synapses = new long[cps.length][];
    long[][] shortcut = new long[cps.length][];
    int[][] predictions = new int[runs.length][cps.length];
    int c = 0;
    for (int t = 0; t < cps[cps.length - 1]; t++) {
      for (ImageRun r : runs) {
        r.step(t, layers - 1, false);
      }
      if (t + 1 == cps[c]) {
        spikes[c] = new long[layers];
        synapses[c] = new long[layers];
        shortcut[c] = new long[layers];
        for (int i = 0; i < runs.length; i++) {
          ImageRun r = runs[i];
          predictions[i][c] = r.predict();
          correct[c] += predictions[i][c] == r.input.label() ? 1 : 0;
          spikes[c][0] += r.inputSpikesTotal;
          for (int l = 1; l < layers; l++) {
            spikes[c][l] += r.tiles[l].emitted();
            synapses[c][l] += r.tiles[l].synapses();
            shortcut[c][l] += r.tiles[l].shortcutSynapses();
          }
        }
        c++;
      }
    }
    int[] labels = new int[runs.length];
    long[] indices = new long[runs.length];
    for (int i = 0; i < runs.length; i++) {
      labels[i] = runs[i].input.label();
      indices[i] = runs[i].input.index();
    }
    long[] hash = new long[layers];
    for (ImageRun r : runs) {
      for (int l = 0; l < layers; l++) {
        hash[l] += r.hash[l];
      }
    }
    return new SimulationResult(cps, runs.length, correct, spikes, synapses, shortcut, predictions, labels, indices,
        hash);
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
    long[] fixed = thresholds.fixed(net, layer);
    long max = Long.MIN_VALUE;
    for (SnnInput image : images) {
      ImageRun r = new ImageRun(image, fixed, layer + 1);
      for (int t = 0; t < timesteps; t++) {
        r.step(t, layer, true);
        max = Math.max(max, r.probe(layer));
      }
    }
    return max;
  }

  private static int[] validCheckpoints(int[] checkpoints) {
    int[] cps = Arrays.stream(checkpoints).distinct().sorted().toArray();
    if (cps.length == 0 || cps[0] < 1) {
      throw new IllegalArgumentException("timesteps must be positive, got " + Arrays.toString(checkpoints));
    }
    return cps;
  }

  /** The analog current of {@code layer} for one image: its ANN pre-activation for input x/λ_in. */
  private long[] analogCurrent(SnnInput image, SpikingLayer layer) {
    for (Projection p : layer.projections()) {
      if (p.source() != 0) {
        throw new IllegalArgumentException("analog input: layer '" + layer.name() + "' mixes the input with other "
            + "sources, which is not supported");
      }
    }
    float[] scaled = new float[image.x().length];
    for (int k = 0; k < scaled.length; k++) {
      scaled[k] = (float) (image.x()[k] / options.inputScale());
    }
    Node node = net.graph().node(layer.annNode());
    int pre = node.op() instanceof Relu ? node.input() : node.id();
    float[] chw = new AnnInference(net.graph()).forwardAll(scaled)[pre];
    Shape s = layer.shape();
    long[] hwc = new long[s.size()];
    int plane = s.planeSize();
    for (int k = 0; k < chw.length; k++) {
      hwc[(k % plane) * s.channels() + k / plane] = Fixed.of(chw[k]);
    }
    return hwc;
  }

  /** The state of one image. */
  private final class ImageRun {
    final SnnInput input;
    final LayerTile[] tiles;
    final InputEncoder encoder;
    final long[][] analog;
    final int[] inputSpikes;
    int inputCount;
    long inputSpikesTotal;
    final long[] outputCounts;
    final long[] hash;
    byte[][] dense;

    ImageRun(SnnInput input, long[] fixed, int layers) {
      this.input = input;
      this.tiles = new LayerTile[layers];
      for (int l = 1; l < layers; l++) {
        tiles[l] = LayerTile.whole(net.layer(l), fixed[l], options.reset());
      }
      boolean poisson = options.input() == SimulationOptions.InputMode.POISSON;
      this.encoder = poisson ? new InputEncoder(net.inputShape(), input, options.inputScale(), options.seed()) : null;
      this.inputSpikes = new int[poisson ? encoder.capacity() : 0];
      this.analog = new long[layers][];
      if (!poisson) {
        for (int l = 1; l < layers; l++) {
          SpikingLayer layer = net.layer(l);
          if (layer.projections().stream().anyMatch(p -> p.source() == 0)) {
            analog[l] = analogCurrent(input, layer);
          }
        }
      }
      this.outputCounts = new long[net.classes()];
      this.hash = new long[layers];
    }

    private void fingerprint(int layer, int t, int[] spikes, int n) {
      long h = 0;
      for (int i = 0; i < n; i++) {
        h += SimulationResult.spikeHash(input.index(), t, spikes[i]);
      }
      hash[layer] += h;
    }

    /**
     * Advances one timestep for layers {@code 1..upTo}; with {@code probe}, layer {@code upTo} only
     * integrates (Spike-Norm reads its input) and does not fire.
     */
    void step(int t, int upTo, boolean probe) {
      if (encoder != null) {
        inputCount = encoder.emit(t, inputSpikes);
        inputSpikesTotal += inputCount;
        fingerprint(0, t, inputSpikes, inputCount);
      }
      for (int l = 1; l <= upTo; l++) {
        LayerTile tile = tiles[l];
        tile.beginStep();
        for (Projection p : net.layer(l).projections()) {
          integrate(tile, p, l);
        }
        if (probe && l == upTo) {
          continue;
        }
        SpikingLayer layer = net.layer(l);
        if (layer.role() == SpikingLayer.Role.OUTPUT) {
          if (options.readout() == SimulationOptions.Readout.SPIKES) {
            int n = tile.fire();
            int[] s = tile.spikes();
            for (int i = 0; i < n; i++) {
              outputCounts[s[i]]++;
            }
            fingerprint(l, t, s, n);
          }
        } else {
          fingerprint(l, t, tile.spikes(), tile.fire());
        }
      }
    }

    long probe(int layer) {
      return tiles[layer].probeMaxAndClear();
    }

    private void integrate(LayerTile tile, Projection p, int l) {
      int src = p.source();
      if (src == 0 && analog[l] != null) {
        tile.addCurrent(analog[l]);
        return;
      }
      int[] spikes = src == 0 ? inputSpikes : tiles[src].spikes();
      int count = src == 0 ? inputCount : tiles[src].spikeCount();
      if (useDense(src, count)) {
        byte[] s = denseSpikes(src, spikes, count);
        long events = 0;
        for (int i = 0; i < count; i++) {
          int k = spikes[i];
          events += p.fanout(k >= 0 ? k : ~k);
        }
        tile.integrateDense(p, s, events);
        clear(s, spikes, count);
      } else {
        tile.integrate(p, spikes, count);
      }
    }

    private boolean useDense(int src, int count) {
      return switch (options.kernel()) {
        case EVENT -> false;
        case DENSE -> true;
        case AUTO -> count > options.denseAbove() * net.layer(src).neurons();
      };
    }

    private byte[] denseSpikes(int src, int[] spikes, int count) {
      if (dense == null) {
        dense = new byte[tiles.length][];
      }
      if (dense[src] == null) {
        dense[src] = new byte[net.layer(src).neurons()];
      }
      byte[] s = dense[src];
      for (int i = 0; i < count; i++) {
        int k = spikes[i];
        if (k >= 0) {
          s[k] = 1;
        } else {
          s[~k] = -1;
        }
      }
      return s;
    }

    private void clear(byte[] s, int[] spikes, int count) {
      for (int i = 0; i < count; i++) {
        int k = spikes[i];
        s[k >= 0 ? k : ~k] = 0;
      }
    }

    /** The predicted class now (SEMANTICS §4). */
    int predict() {
      return Readout.predict(outputCounts, tiles[tiles.length - 1], options.readout());
    }
  }
}
