package io.deepsnn.network.snn;

import java.util.Arrays;

/**
 * A tile of an IF layer, for one image: what it received this timestep is integrated at
 * {@link #step} through each projection with the kernel chosen for it (SEMANTICS §3, §6): event
 * driven, dense, or — {@link SimulationOptions.KernelMode#AUTO} — dense when the source fired
 * densely in this timestep. Both kernels give the same integer sums, so the choice changes the
 * time taken, never a spike. Then the role does its part: fire ({@link HiddenStep}), fire and read
 * out ({@link OutputStep}), or measure ({@link ProbeStep}).
 */
public abstract sealed class NeuronStep extends TileStep permits HiddenStep, OutputStep, ProbeStep {
  /** The dense kernel's source spike vector (0/±1 per source neuron), per thread: steps share nothing else. */
  private static final ThreadLocal<byte[]> DENSE = ThreadLocal.withInitial(() -> new byte[0]);

  final SpikingLayer layer;
  final LayerTile tile;
  private final SimulationOptions.KernelMode kernel;
  /** The analog input's constant current for this tile's neurons, or null. */
  private final long[] analog;
  /** The bias current for this tile's neurons (SEMANTICS §7), or null. */
  private final long[] bias;
  /** Per projection: the spike count above which {@link SimulationOptions.KernelMode#AUTO} integrates densely. */
  private final double[] denseAbove;
  /** Per projection: the source batches received in the current timestep. */
  private final Received[] received;
  /** Per projection: the gate of a gated max pool (SEMANTICS §7) for this image, else null. */
  private final GatedMaxPoolProjection.Gate[] gates;
  /** The passed spikes of a gate, as one batch. */
  private final Received gated = new Received();

  NeuronStep(SpikingNetwork net, SpikingLayer layer, int rowFrom, int rowTo, long threshold, long initial,
             long[] bias, SimulationOptions options, SnnInput image) {
    super(image.index());
    this.layer = layer;
    this.tile = new LayerTile(layer, rowFrom, rowTo, threshold, options.reset(), initial);
    this.kernel = options.kernel();
    boolean analogInput = options.input() == SimulationOptions.InputMode.ANALOG && AnalogCurrent.feeds(layer);
    this.analog = analogInput ? AnalogCurrent.of(net, layer, image, options.inputScale(), rowFrom, rowTo) : null;
    this.bias = bias;
    int n = layer.projections().size();
    this.received = new Received[n];
    this.denseAbove = new double[n];
    this.gates = new GatedMaxPoolProjection.Gate[n];
    for (int p = 0; p < n; p++) {
      received[p] = new Received();
      Projection proj = layer.projections().get(p);
      if (proj instanceof GatedMaxPoolProjection g) {
        gates[p] = g.gate();
        proj = g.inner();
      }
      int[] rows = proj.sourceRows(rowFrom, rowTo);
      var s = proj.sourceShape();
      // The density is measured over the source neurons this tile can hear from (its receptive field).
      denseAbove[p] = options.denseAbove() * (double) (rows[1] - rows[0]) * s.width() * s.channels();
    }
  }

  /**
   * Takes {@code count} spikes of {@code spikes} that reach this tile through projection
   * {@code projection} (its index in the layer's projections) in the current timestep. The array
   * is read at the next {@link #step}, not copied: leave it unchanged until then.
   */
  public final void receive(int projection, int[] spikes, int count) {
    received[projection].add(spikes, count);
  }

  /** Starts the timestep and integrates everything received (and the analog current). */
  final void integrateReceived() {
    tile.beginStep();
    if (analog != null) {
      tile.addCurrent(analog);
    }
    if (bias != null) {
      tile.addCurrent(bias);
    }
    for (int p = 0; p < received.length; p++) {
      Received r = received[p];
      Projection proj = layer.projections().get(p);
      if (gates[p] != null) {
        r = throughGate(gates[p], r);
        proj = ((GatedMaxPoolProjection) proj).inner();
      }
      // With analog input the input layer emits nothing: its projections carry the current instead.
      if (r.total > 0) {
        if (kernel == SimulationOptions.KernelMode.DENSE
            || (kernel == SimulationOptions.KernelMode.AUTO && r.total > denseAbove[p])) {
          integrateDense(proj, r);
        } else {
          for (int b = 0; b < r.batches; b++) {
            tile.integrate(proj, r.spikes[b], r.counts[b]);
          }
        }
      }
      r.clear();
    }
  }

  /**
   * A gated max pool's batches (SEMANTICS §7): the gate decides on the counts of 0..t−1, then
   * counts this timestep's spikes; returns the spikes it passed, as one batch for its inner
   * projection.
   */
  private Received throughGate(GatedMaxPoolProjection.Gate gate, Received r) {
    gate.begin();
    for (int b = 0; b < r.batches; b++) {
      gate.collect(r.spikes[b], r.counts[b]);
    }
    for (int b = 0; b < r.batches; b++) {
      gate.commit(r.spikes[b], r.counts[b]);
    }
    r.clear();
    if (gate.passedCount() > 0) {
      gated.add(gate.passed(), gate.passedCount());
    }
    return gated;
  }

  private void integrateDense(Projection proj, Received r) {
    int neurons = proj.sourceShape().size();
    byte[] s = DENSE.get();
    if (s.length < neurons) {
      s = new byte[neurons];
      DENSE.set(s);
    }
    long events = 0;
    for (int b = 0; b < r.batches; b++) {
      int[] spikes = r.spikes[b];
      for (int i = 0; i < r.counts[b]; i++) {
        int k = spikes[i];
        int n = k >= 0 ? k : ~k;
        s[n] = (byte) (k >= 0 ? 1 : -1);
        events += proj.fanout(n, tile.rowFrom(), tile.rowTo());
      }
    }
    tile.integrateDense(proj, s, events);
    for (int b = 0; b < r.batches; b++) {
      int[] spikes = r.spikes[b];
      for (int i = 0; i < r.counts[b]; i++) {
        int k = spikes[i];
        s[k >= 0 ? k : ~k] = 0;
      }
    }
  }

  @Override
  public final int[] spikes() {
    return tile.spikes();
  }

  @Override
  public final int spikeCount() {
    return tile.spikeCount();
  }

  @Override
  public final long synapses() {
    return tile.synapses();
  }

  @Override
  public final long shortcutSynapses() {
    return tile.shortcutSynapses();
  }

  /** The membranes (tests, and the readout). */
  public final LayerTile tile() {
    return tile;
  }

  /** The source batches of one projection received in the current timestep. */
  private static final class Received {
    int[][] spikes = new int[1][];
    int[] counts = new int[1];
    int batches;
    long total;

    void add(int[] s, int count) {
      if (batches == spikes.length) {
        spikes = Arrays.copyOf(spikes, 2 * batches);
        counts = Arrays.copyOf(counts, 2 * batches);
      }
      spikes[batches] = s;
      counts[batches++] = count;
      total += count;
    }

    void clear() {
      Arrays.fill(spikes, 0, batches, null);
      batches = 0;
      total = 0;
    }
  }
}
