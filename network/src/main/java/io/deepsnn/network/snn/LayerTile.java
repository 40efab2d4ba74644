package io.deepsnn.network.snn;

import io.deepsnn.network.graph.Shape;

/**
 * The membrane state and integrate-and-fire dynamics of one layer — or of a tile of it, a range
 * of its rows — for one image. The sequential simulator holds one whole-layer tile per layer; the
 * actor runtime gives each tile to an actor. Both call exactly these methods, which is why they
 * agree bit for bit.
 *
 * <p>A timestep is {@link #beginStep()}, then any number of {@code integrate} calls (one per
 * incoming spike batch, in any order: fixed-point sums do not depend on it), then {@link #fire()}.
 */
public final class LayerTile {
  private final SpikingLayer layer;
  private final int rowFrom;
  private final int rowTo;
  private final int channels;
  private final int rowOffset;
  private final long[] v;
  private final TouchSet touched;
  private final int[] pending;
  private int pendingCount;
  private final int[] spikes;
  private int spikeCount;
  private final long threshold;
  private final boolean subtract;
  private long synapses;
  private long shortcutSynapses;
  private long emitted;

  /**
   * A tile of rows {@code [rowFrom, rowTo)} of {@code layer}.
   *
   * @param threshold θ in fixed point (ignored for a probe, see {@link #probeMaxAndClear()})
   */
  public LayerTile(SpikingLayer layer, int rowFrom, int rowTo, long threshold, SimulationOptions.Reset reset) {
    this(layer, rowFrom, rowTo, threshold, reset, 0);
  }

  /**
   * A tile of rows {@code [rowFrom, rowTo)} of {@code layer} whose membranes start at
   * {@code initial} (fixed point; SEMANTICS §7, below θ).
   */
  public LayerTile(SpikingLayer layer, int rowFrom, int rowTo, long threshold, SimulationOptions.Reset reset,
                   long initial) {
    Shape s = layer.shape();
    if (rowFrom < 0 || rowTo > s.height() || rowFrom >= rowTo) {
      throw new IllegalArgumentException("bad row range [" + rowFrom + "," + rowTo + ") for layer " + layer.name());
    }
    this.layer = layer;
    this.rowFrom = rowFrom;
    this.rowTo = rowTo;
    this.channels = s.channels();
    this.rowOffset = rowFrom * s.width() * s.channels();
    int positions = (rowTo - rowFrom) * s.width();
    this.v = new long[positions * channels];
    this.touched = new TouchSet(positions);
    this.pending = new int[positions];
    this.spikes = new int[positions * channels];
    this.threshold = threshold;
    this.subtract = reset == SimulationOptions.Reset.SUBTRACT;
    if (initial != 0) {
      // Below θ, so no neuron fires before it receives input: the touched set stays what it is.
      java.util.Arrays.fill(v, initial);
    }
  }

  /** A whole-layer tile. */
  public static LayerTile whole(SpikingLayer layer, long threshold, SimulationOptions.Reset reset) {
    return new LayerTile(layer, 0, layer.shape().height(), threshold, reset);
  }

  /** Starts a timestep: neurons left above threshold by a subtractive reset are checked again. */
  public void beginStep() {
    touched.clear();
    for (int i = 0; i < pendingCount; i++) {
      touched.mark(pending[i]);
    }
    pendingCount = 0;
    spikeCount = 0;
  }

  /**
   * Integrates one batch of source spikes through {@code p} (event driven). Negative input spikes
   * are encoded as {@code ~index}.
   *
   * @return synapses driven
   */
  public long integrate(Projection p, int[] sourceSpikes, int count) {
    if (!touched.isAll() && (long) count * p.positionsPerSpike() >= touched.capacity()) {
      // So many spikes that marking the positions each reaches costs more than marking them all.
      touched.markAll();
    }
    long n = p.scatterAll(sourceSpikes, count, v, touched, rowFrom, rowTo);
    count(p, n);
    return n;
  }

  /**
   * Integrates the source layer's spikes through {@code p} with the dense kernel; {@code dense}
   * holds the whole source layer (0/±1 per neuron) and {@code synapsesDriven} is the event count
   * the caller measured for the AC statistics.
   */
  public void integrateDense(Projection p, byte[] dense, long synapsesDriven) {
    p.gather(dense, v, rowFrom, rowTo);
    touched.markAll();
    count(p, synapsesDriven);
  }

  /** Adds a constant current (the analog input), given for this tile's neurons, to every neuron. */
  public void addCurrent(long[] current) {
    for (int i = 0; i < v.length; i++) {
      v[i] += current[i];
    }
    touched.markAll();
  }

  private void count(Projection p, long n) {
    if (p.isShortcut()) {
      shortcutSynapses += n;
    } else {
      synapses += n;
    }
  }

  /**
   * Fires every touched neuron at or above threshold and resets it (to zero, or by subtracting θ).
   *
   * @return number of spikes; read them with {@link #spikes()}
   */
  public int fire() {
    long th = threshold;
    if (!subtract && touched.isAll()) {
      // Every position touched: one sequential pass over the membranes, a vector at a time.
      spikeCount = LongRuns.fireToZero(v, v.length, th, spikes, spikeCount, rowOffset);
      emitted += spikeCount;
      return spikeCount;
    }
    for (int i = 0, size = touched.size(); i < size; i++) {
      int pos = touched.get(i);
      int base = pos * channels;
      boolean again = false;
      for (int c = 0; c < channels; c++) {
        int n = base + c;
        if (v[n] >= th) {
          spikes[spikeCount++] = rowOffset + n;
          if (subtract) {
            v[n] -= th;
            again |= v[n] >= th;
          } else {
            v[n] = 0;
          }
        }
      }
      if (again) {
        pending[pendingCount++] = pos;
      }
    }
    emitted += spikeCount;
    return spikeCount;
  }

  /**
   * For Spike-Norm calibration: the largest input one neuron received in this timestep (the tile
   * is then a probe whose {@code v} holds only the current timestep's input), clearing it for the
   * next timestep. Returns {@code Long.MIN_VALUE} when nothing arrived.
   */
  public long probeMaxAndClear() {
    long max = Long.MIN_VALUE;
    for (int i = 0; i < touched.size(); i++) {
      int base = touched.get(i) * channels;
      for (int c = 0; c < channels; c++) {
        max = Math.max(max, v[base + c]);
        v[base + c] = 0;
      }
    }
    return max;
  }

  /** Spikes of the last {@link #fire()}, as layer-wide channels-last indices (valid until the next step). */
  public int[] spikes() {
    return spikes;
  }

  /** Number of spikes of the last {@link #fire()}. */
  public int spikeCount() {
    return spikeCount;
  }

  /** Membrane potential of a neuron of this tile, by layer-wide channels-last index. */
  public long potential(int neuron) {
    return v[neuron - rowOffset];
  }

  /** Synapses driven so far through synaptic projections (the ACs). */
  public long synapses() {
    return synapses;
  }

  /** Synapses driven so far through parameter-free shortcuts. */
  public long shortcutSynapses() {
    return shortcutSynapses;
  }

  /** Spikes fired so far. */
  public long emitted() {
    return emitted;
  }

  /** The layer. */
  public SpikingLayer layer() {
    return layer;
  }

  /** First row of the tile. */
  public int rowFrom() {
    return rowFrom;
  }

  /** One past the last row of the tile. */
  public int rowTo() {
    return rowTo;
  }
}
