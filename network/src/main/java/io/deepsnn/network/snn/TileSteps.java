package io.deepsnn.network.snn;

/**
 * Makes the {@link TileStep} of a tile for one image: the input rows, an IF tile, the output
 * layer, or the probe layer of a Spike-Norm measurement — chosen by the layer's role, so no
 * execution decides it by flags of its own.
 */
public final class TileSteps {
  private final SpikingNetwork net;
  private final Thresholds thresholds;
  private final SimulationOptions options;
  private final int probeLayer;
  /** Λ of every layer simulated (SEMANTICS §7), for the bias currents. */
  private final double[] scales;
  /** Bias currents by layer and rows, shared by every image's step (they are never written). */
  private final java.util.Map<Long, java.util.Optional<long[]>> biasCurrents =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Steps of {@code net} simulated with {@code options}; {@code probeLayer} is the layer whose
   * tiles are Spike-Norm probes (layers after it are not simulated), or -1 for none.
   *
   * @throws IllegalStateException naming the layer when a threshold of a layer that fires is
   *     unset, not positive or not finite
   */
  public TileSteps(SpikingNetwork net, Thresholds thresholds, SimulationOptions options, int probeLayer) {
    if (thresholds.size() != net.size()) {
      throw new IllegalArgumentException("thresholds for " + thresholds.size() + " layers, network has " + net.size());
    }
    if (probeLayer == 0 || probeLayer >= net.size()) {
      throw new IllegalArgumentException("no probe layer " + probeLayer + " (layers 1.." + (net.size() - 1) + ")");
    }
    this.net = net;
    this.thresholds = thresholds;
    this.options = options;
    this.probeLayer = probeLayer;
    // Every threshold a step will read, checked now: a bad one is named before any work is done.
    int firing = probeLayer > 0 ? probeLayer : net.size();
    for (int l = 1; l < firing; l++) {
      thresholds.fixed(net, l);
    }
    this.scales = BiasCurrent.scales(net, thresholds, options.inputScale(), firing);
  }

  /** The network. */
  public SpikingNetwork network() {
    return net;
  }

  /** The options every step simulates with. */
  public SimulationOptions options() {
    return options;
  }

  /**
   * The step of rows {@code [rowFrom, rowTo)} of layer {@code l} for {@code image} (whose values
   * are read only where {@link #needsValues} says so; elsewhere {@code x} may be null).
   */
  public TileStep create(int l, int rowFrom, int rowTo, SnnInput image) {
    SpikingLayer layer = net.layer(l);
    if (layer.role() == SpikingLayer.Role.INPUT) {
      return new InputStep(net, rowFrom, rowTo, options, image);
    }
    long key = ((long) l << 40) | ((long) rowFrom << 20) | rowTo;
    long[] bias = biasCurrents.computeIfAbsent(key,
        k -> java.util.Optional.ofNullable(BiasCurrent.of(layer, scales, thresholds.correction(l), rowFrom, rowTo)))
        .orElse(null);
    if (l == probeLayer) {
      return new ProbeStep(net, layer, rowFrom, rowTo, bias, options, image);
    }
    return layer.role() == SpikingLayer.Role.HIDDEN
        ? new HiddenStep(net, layer, rowFrom, rowTo, thresholds.fixed(net, l), initial(l), bias, options, image)
        : new OutputStep(net, layer, thresholds.fixed(net, l), initial(l), bias, options, image);
  }

  /** The initial potential of layer {@code l}'s neurons: α·θ_l in fixed point (SEMANTICS §7). */
  private long initial(int l) {
    return options.vInit() == 0 ? 0 : Fixed.of(options.vInit() * thresholds.get(l));
  }

  /** The whole-layer step of layer {@code l} for {@code image}. */
  public TileStep whole(int l, SnnInput image) {
    return create(l, 0, net.layer(l).shape().height(), image);
  }

  /**
   * Whether a tile of layer {@code l} reads the image's values: the input layer does, and with
   * analog input so does every layer it feeds.
   */
  public boolean needsValues(int l) {
    SpikingLayer layer = net.layer(l);
    return layer.role() == SpikingLayer.Role.INPUT
        || (options.input() == SimulationOptions.InputMode.ANALOG && AnalogCurrent.feeds(layer));
  }
}
