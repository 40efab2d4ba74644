package io.deepsnn.normalizer;

/** How thresholds are balanced (SEMANTICS §5). */
public enum ThresholdMethod {
  /** Diehl et al. 2015: the maximum ANN activation of each layer. */
  DATA_MAX("data-max"),
  /** The p-th percentile of the positive ANN activations (Rueckauer et al. 2017). */
  DATA_PERCENTILE("data-percentile"),
  /** Sengupta et al. 2019: layer by layer, the maximum input the SNN itself delivers. */
  SPIKE_NORM("spike-norm"),
  /**
   * Beyond the paper (SEMANTICS §7): a ReLU trained with a clip level λ (Clip(0, λ)) has Λ = λ, no
   * calibration data needed; layers without one (the output layer) are balanced by data-max.
   */
  CLIP("clip");

  private final String label;

  ThresholdMethod(String label) {
    this.label = label;
  }

  /** The name used on the command line and in files. */
  public String label() {
    return label;
  }

  /** Parses a command-line name. */
  public static ThresholdMethod parse(String s) {
    for (ThresholdMethod m : values()) {
      if (m.label.equalsIgnoreCase(s)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown method '" + s + "' (spike-norm, data-max, data-percentile or clip)");
  }
}
