package io.deepsnn.normalizer;

import io.deepsnn.network.convert.LayerThreshold;
import io.deepsnn.network.snn.Fixed;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingLayer;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.snn.Thresholds;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Spike-Norm (Sengupta et al. 2019; SEMANTICS §5), written once for every execution: layer after
 * layer, θ_l is the largest weighted spike input one neuron of layer l receives in one timestep
 * over the calibration images, with the layers before it firing at the thresholds already set.
 * Under the unity residual policy the layers inside residual units get θ = 1 unmeasured; a layer
 * that never receives positive input gets θ = 1, and its note says so.
 *
 * <p>What runs the SNN is a {@link Probe}: the sequential simulator ({@link SequentialProbe}) or
 * the actor runtime (the actor subpackage's probe, over any number of nodes). A driver asks
 * {@link #nextLayer} which layer to measure, measures it with its probe, and hands the result to
 * {@link #measured}, until there is none left — {@link #balance} in a loop, or the normalizer
 * actor one message at a time.
 */
public final class SpikeNorm {

  /** What Spike-Norm asks of an execution of the SNN. */
  public interface Probe {
    /**
     * The largest one-timestep input of one neuron of layer {@code layer} over the calibration
     * images and timesteps, with layers {@code 1..layer-1} firing at {@code thresholds}.
     */
    Measurement maxInput(Thresholds thresholds, int layer);
  }

  /**
   * A probe's answer.
   *
   * @param maxInput the largest input, in fixed point ({@code Long.MIN_VALUE} when no input ever arrived)
   * @param note what the layer's record should say about how it was measured (e.g. again, after
   *     a node was lost); empty for nothing
   */
  public record Measurement(long maxInput, String note) {
    /** A measurement with nothing to note. */
    public static Measurement of(long maxInput) {
      return new Measurement(maxInput, "");
    }
  }

  /** The note of a layer that never received positive input. */
  static final String NO_POSITIVE_INPUT = "no positive input on the calibration images; threshold 1";

  private final SpikingNetwork net;
  private final ResidualPolicy policy;
  private final double inputScale;
  private Thresholds thresholds;
  private final List<LayerThreshold> layers = new ArrayList<>();
  private int layer;

  /** Spike-Norm of {@code net} under {@code policy}; λ_in = {@code inputScale} (recorded in the result). */
  public SpikeNorm(SpikingNetwork net, ResidualPolicy policy, double inputScale) {
    this.net = net;
    this.policy = policy;
    this.inputScale = inputScale;
    this.thresholds = Thresholds.unset(net.size());
  }

  /**
   * Checks what a probe will calibrate with.
   *
   * @throws IllegalArgumentException when there is no image or no timestep
   */
  public static void checkCalibration(List<SnnInput> images, int timesteps) {
    if (timesteps < 1 || images.isEmpty()) {
      throw new IllegalArgumentException("Spike-Norm needs at least one calibration image and one timestep");
    }
  }

  /**
   * The next layer to measure, after setting (and telling {@code progress} of) the layers before
   * it that need no measurement; -1 when every layer is set.
   */
  public int nextLayer(Consumer<LayerThreshold> progress) {
    while (++layer < net.size()) {
      SpikingLayer l = net.layer(layer);
      if (policy == ResidualPolicy.UNITY && l.residual()) {
        record(new LayerThreshold(layer, l.name(), Double.NaN, 1, 1, true, ""), progress);
        continue;
      }
      return layer;
    }
    return -1;
  }

  /** Sets layer {@code l}'s threshold from its measurement {@code m}, and tells {@code progress}. */
  public void measured(int l, Measurement m, Consumer<LayerThreshold> progress) {
    if (l != layer) {
      throw new IllegalStateException("layer " + l + " measured while layer " + layer + " is due");
    }
    String name = net.layer(l).name();
    double max = m.maxInput() == Long.MIN_VALUE ? Double.NaN : Fixed.toDouble(m.maxInput());
    record(max > 0 ? new LayerThreshold(l, name, max, 1, max, false, m.note())
        : new LayerThreshold(l, name, max, 1, 1, false,
            NO_POSITIVE_INPUT + (m.note().isEmpty() ? "" : "; " + m.note())), progress);
  }

  /** The thresholds set so far (NaN for the layers not set yet). */
  public Thresholds thresholds() {
    return thresholds;
  }

  /** The result, once {@link #nextLayer} returned -1. */
  public Balancing result() {
    if (layer < net.size()) {
      throw new IllegalStateException("Spike-Norm has not set every layer yet (at layer " + layer + ")");
    }
    return new Balancing(thresholds, inputScale, List.copyOf(layers));
  }

  private void record(LayerThreshold t, Consumer<LayerThreshold> progress) {
    thresholds = thresholds.with(t.layer(), t.threshold());
    layers.add(t);
    progress.accept(t);
  }

  /** Spike-Norm of {@code net} measured by {@code probe}, layer after layer; {@code progress} hears each layer set. */
  public static Balancing balance(SpikingNetwork net, ResidualPolicy policy, double inputScale, Probe probe,
                                  Consumer<LayerThreshold> progress) {
    SpikeNorm norm = new SpikeNorm(net, policy, inputScale);
    for (int l = norm.nextLayer(progress); l >= 0; l = norm.nextLayer(progress)) {
      norm.measured(l, probe.maxInput(norm.thresholds(), l), progress);
    }
    return norm.result();
  }
}
