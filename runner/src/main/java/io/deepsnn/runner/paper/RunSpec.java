package io.deepsnn.runner.paper;

import io.deepsnn.runner.report.TextTable;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.normalizer.ResidualPolicy;
import io.deepsnn.normalizer.ThresholdMethod;
import java.util.Arrays;
import java.util.Locale;

/**
 * One conversion and simulation of the paper experiment; its key names its cached result.
 *
 * @param model the model
 * @param method balancing method
 * @param percentile for data-percentile
 * @param residual residual policy
 * @param reset reset rule (Spike-Norm calibrates with it)
 * @param seed Poisson seed of the simulation
 * @param timesteps checkpoints
 * @param images the first N test images
 */
public record RunSpec(PaperConfig.ModelSpec model, ThresholdMethod method, double percentile, ResidualPolicy residual,
                      SimulationOptions.Reset reset, long seed, int[] timesteps, int images) {

  /** Names the conversion (shared by every seed and checkpoint list). */
  public String conversionKey() {
    String m = method == ThresholdMethod.DATA_PERCENTILE
        ? "p" + String.format(Locale.ROOT, "%s", percentile) : method.label();
    return slug(model.label()) + "_" + m + "_" + residual.name().toLowerCase() + "_" + reset.name().toLowerCase();
  }

  /** Names the run. */
  public String key() {
    return conversionKey() + "_seed" + seed + "_T" + Arrays.stream(timesteps).max().orElse(0) + "x" + timesteps.length
        + "_n" + images;
  }

  /** A short label for tables and plots. */
  public String label() {
    String m = method == ThresholdMethod.DATA_PERCENTILE ? "p" + TextTable.trim(percentile) : method.label();
    return m + (reset == SimulationOptions.Reset.SUBTRACT ? " / subtract" : "")
        + (residual == ResidualPolicy.BALANCED ? " / balanced" : "");
  }

  static String slug(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("(^-|-$)", "");
  }
}
