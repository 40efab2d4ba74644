package io.deepsnn.normalizer;

import io.deepsnn.network.data.Normalization;
import io.deepsnn.network.snn.SnnInput;
import java.util.List;

/**
 * How λ_in, the input scale, is chosen (SEMANTICS §2).
 *
 * @param kind which rule
 * @param percentile for {@link Kind#PERCENTILE}, the percentile of |x| (e.g. 99.9)
 */
public record InputScaleRule(Kind kind, double percentile) {

  /** The rules. */
  public enum Kind {
    /** The largest |x| the normalisation can produce for pixels in [0,1] (default; never clips). */
    RANGE,
    /** The largest |x| over the calibration images. */
    MAX,
    /** A percentile of |x| over the calibration images. */
    PERCENTILE,
    /** λ_in = 1, the plain rule (clips |x| &gt; 1). */
    ONE
  }

  /** Parses {@code range}, {@code max}, {@code pNN} (e.g. {@code p99.9}) or {@code 1}. */
  public static InputScaleRule parse(String s) {
    String v = s.trim().toLowerCase();
    if (v.equals("range")) {
      return new InputScaleRule(Kind.RANGE, 0);
    }
    if (v.equals("max")) {
      return new InputScaleRule(Kind.MAX, 0);
    }
    if (v.equals("1") || v.equals("one")) {
      return new InputScaleRule(Kind.ONE, 0);
    }
    if (v.startsWith("p")) {
      try {
        double p = Double.parseDouble(v.substring(1));
        if (p > 0 && p <= 100) {
          return new InputScaleRule(Kind.PERCENTILE, p);
        }
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    }
    throw new IllegalArgumentException("unknown input scale '" + s + "' (range, max, pNN such as p99.9, or 1)");
  }

  /** The default: {@link Kind#RANGE}. */
  public static InputScaleRule range() {
    return new InputScaleRule(Kind.RANGE, 0);
  }

  /** λ_in for this rule. */
  public double scale(Normalization normalization, List<SnnInput> calibration) {
    return switch (kind) {
      case RANGE -> normalization.maxAbsValue();
      case ONE -> 1.0;
      case MAX -> positive(maxAbs(calibration));
      case PERCENTILE -> {
        FloatCollector all = new FloatCollector();
        for (SnnInput in : calibration) {
          for (double x : in.x()) {
            all.add((float) Math.abs(x));
          }
        }
        yield positive(all.percentile(percentile));
      }
    };
  }

  private static double positive(double v) {
    if (!(v > 0)) {
      throw new IllegalArgumentException("the calibration images are all zero: no input scale");
    }
    return v;
  }

  private static double maxAbs(List<SnnInput> calibration) {
    double m = 0;
    for (SnnInput in : calibration) {
      for (double x : in.x()) {
        m = Math.max(m, Math.abs(x));
      }
    }
    return m;
  }

  /** {@code range}, {@code max}, {@code p99.9} or {@code 1}. */
  public String label() {
    return switch (kind) {
      case RANGE -> "range";
      case MAX -> "max";
      case ONE -> "1";
      case PERCENTILE -> "p" + (percentile == Math.rint(percentile) ? String.valueOf((long) percentile)
          : String.valueOf(percentile));
    };
  }
}
