package io.deepsnn.normalizer;

import io.deepsnn.network.convert.LayerThreshold;

import io.deepsnn.network.snn.Thresholds;
import java.util.List;

/**
 * The outcome of threshold balancing.
 *
 * @param thresholds θ per layer
 * @param inputScale λ_in
 * @param layers what was measured for each layer (index 1..L-1)
 */
public record Balancing(Thresholds thresholds, double inputScale, List<LayerThreshold> layers) {
}
