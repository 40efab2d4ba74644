package io.deepsnn.network.convert;

/**
 * How one layer's threshold was set.
 *
 * @param layer layer index
 * @param name layer name
 * @param measured what was measured: the ANN activation maximum or percentile (data-based), or the
 *     largest one-timestep input (Spike-Norm); NaN for a unity layer
 * @param sourceScale the activation scale of its input that the measurement is divided by
 *     (data-based; 1 for Spike-Norm)
 * @param threshold the resulting θ
 * @param unity whether θ was fixed to 1 (inside a residual unit)
 * @param note a remark, e.g. why a fallback was used (empty if none)
 * @param biasCorrection the current bias calibration adds to each output channel every timestep, in
 *     θ units (SEMANTICS §7), or null when the layer was not calibrated
 */
public record LayerThreshold(int layer, String name, double measured, double sourceScale, double threshold,
                           boolean unity, String note, double[] biasCorrection) {
  /** A layer's record without bias calibration. */
  public LayerThreshold(int layer, String name, double measured, double sourceScale, double threshold,
                        boolean unity, String note) {
    this(layer, name, measured, sourceScale, threshold, unity, note, null);
  }

  /** Equal records, the bias corrections compared by value. */
  @Override
  public boolean equals(Object o) {
    return o instanceof LayerThreshold t && layer == t.layer && name.equals(t.name)
        && Double.compare(measured, t.measured) == 0 && Double.compare(sourceScale, t.sourceScale) == 0
        && Double.compare(threshold, t.threshold) == 0 && unity == t.unity && note.equals(t.note)
        && java.util.Arrays.equals(biasCorrection, t.biasCorrection);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(layer, name, measured, sourceScale, threshold, unity, note)
        + 31 * java.util.Arrays.hashCode(biasCorrection);
  }

  @Override
  public String toString() {
    return "LayerThreshold[layer=" + layer + ", name=" + name + ", measured=" + measured + ", sourceScale="
        + sourceScale + ", threshold=" + threshold + ", unity=" + unity + ", note=" + note
        + (biasCorrection == null ? "" : ", biasCorrection=" + java.util.Arrays.toString(biasCorrection)) + "]";
  }

  /** The same record with {@code correction} as its bias correction. */
  public LayerThreshold withBiasCorrection(double[] correction) {
    return new LayerThreshold(layer, name, measured, sourceScale, threshold, unity, note, correction);
  }
}
