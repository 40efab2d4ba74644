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
 */
public record LayerThreshold(int layer, String name, double measured, double sourceScale, double threshold,
                           boolean unity, String note) {
}
