package io.deepsnn.network.snn;

/**
 * The bias current of a layer (SEMANTICS §7): the biases of the synaptic ops that feed it, each
 * divided by the scale of its source layer, added to every neuron every timestep before the
 * threshold test — I_l(t) = W_l·X_src(t) + b_l / Λ_src(l). The scale Λ of a layer is the ANN
 * activation a firing rate of one spike per timestep stands for: Λ_input = λ_in and
 * Λ_l = θ_l·Λ_src(l), its first projection's source (a junction's two sources have equal scales).
 */
public final class BiasCurrent {
  private BiasCurrent() {
  }

  /**
   * The scales Λ of layers {@code 0..upTo-1} for thresholds {@code th} and λ_in {@code inputScale}
   * (NaN where a threshold is not set).
   */
  public static double[] scales(SpikingNetwork net, Thresholds th, double inputScale, int upTo) {
    double[] s = new double[net.size()];
    java.util.Arrays.fill(s, Double.NaN);
    s[0] = inputScale;
    for (int l = 1; l < upTo; l++) {
      SpikingLayer layer = net.layer(l);
      s[l] = th.get(l) * s[layer.projections().get(0).source()];
    }
    return s;
  }

  /**
   * The current of rows {@code [rowFrom, rowTo)} of {@code layer}, channels-last (the tile's own
   * neuron order), in fixed point; null when no projection of the layer has a bias.
   *
   * @param scales Λ of every layer before it ({@link #scales})
   */
  public static long[] of(SpikingLayer layer, double[] scales, int rowFrom, int rowTo) {
    return of(layer, scales, null, rowFrom, rowTo);
  }

  /**
   * As {@link #of(SpikingLayer, double[], int, int)}, plus the layer's bias correction from bias
   * calibration ({@code correction}, per output channel in θ units, or null), summed in double
   * with the biases before the one rounding to fixed point.
   */
  public static long[] of(SpikingLayer layer, double[] scales, double[] correction, int rowFrom, int rowTo) {
    int channels = layer.shape().channels();
    double[] perChannel = new double[channels];
    boolean any = correction != null;
    if (correction != null) {
      if (correction.length != channels) {
        throw new IllegalArgumentException("layer " + layer.index() + " ('" + layer.name() + "'): a bias correction of "
            + correction.length + " channels for " + channels);
      }
      System.arraycopy(correction, 0, perChannel, 0, channels);
    }
    for (Projection p : layer.projections()) {
      float[] b = p.bias();
      if (b == null) {
        continue;
      }
      any = true;
      double scale = scales[p.source()];
      if (!(scale > 0) || !Double.isFinite(scale)) {
        throw new IllegalStateException("layer " + layer.index() + " ('" + layer.name() + "') has a bias but its "
            + "source layer " + p.source() + " has no scale (threshold not set)");
      }
      for (int c = 0; c < channels; c++) {
        perChannel[c] += b[c] / scale;
      }
    }
    if (!any) {
      return null;
    }
    long[] fixed = new long[channels];
    for (int c = 0; c < channels; c++) {
      fixed[c] = Fixed.of(perChannel[c]);
    }
    int positions = (rowTo - rowFrom) * layer.shape().width();
    long[] current = new long[positions * channels];
    for (int pos = 0; pos < positions; pos++) {
      System.arraycopy(fixed, 0, current, pos * channels, channels);
    }
    return current;
  }
}
