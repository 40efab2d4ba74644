package io.deepsnn.runner.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The clipping loss (SEMANTICS §2): what the plain input rule λ_in = 1 — every normalised input
 * above 1 fires at the full rate — costs against a wider input scale, measured on pairs of runs
 * that differ in λ_in only.
 */
final class ClippingLoss {
  private ClippingLoss() {
  }

  /**
   * Two runs alike but for λ_in.
   *
   * @param wide the run with the wider scale (e.g. the input range)
   * @param plain the run with λ_in = 1
   */
  record Pair(SnnReport wide, SnnReport plain) {
    /** The runs' label without the λ_in part, e.g. {@code spike-norm / zero}. */
    String label() {
      return wide.label().replaceFirst(" / λin .*$", "");
    }

    /** Accuracy at the last timestep with the wider scale minus with λ_in = 1, in points. */
    double lossPoints() {
      return 100 * (wide.finalAccuracy() - plain.finalAccuracy());
    }
  }

  /** The pairs among {@code reports}, in the order of the λ_in = 1 runs. */
  static List<Pair> pairs(List<SnnReport> reports) {
    List<Pair> pairs = new ArrayList<>();
    for (SnnReport plain : reports) {
      if (!isPlain(plain)) {
        continue;
      }
      for (SnnReport wide : reports) {
        if (!isPlain(wide) && alikeButForInputScale(wide, plain)) {
          pairs.add(new Pair(wide, plain));
        }
      }
    }
    return pairs;
  }

  /** The Markdown section, or nothing when there is no pair. */
  static void markdown(StringBuilder md, List<SnnReport> reports) {
    List<Pair> pairs = pairs(reports);
    if (pairs.isEmpty()) {
      return;
    }
    int t = pairs.get(0).plain().accuracy().get(pairs.get(0).plain().accuracy().size() - 1).timesteps();
    md.append("## Clipping loss (λ_in = 1)\n\n")
        .append("With the plain rule λ_in = 1, every normalised input above 1 fires at the full rate. Each row pairs "
            + "two runs that differ in λ_in only; the loss is the accuracy with the wider scale minus the accuracy "
            + "with λ_in = 1, at T = ").append(t).append(".\n\n")
        .append("| run | λ_in | accuracy | accuracy, λ_in = 1 | loss | AC/MAC | AC/MAC, λ_in = 1 |\n")
        .append("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (Pair p : pairs) {
      SnnReport.Settings s = p.wide().settings();
      md.append(String.format(Locale.ROOT, "| %s | %s (%.4g) | %.2f %% | %.2f %% | %+.2f pt | %.1f | %.1f |%n",
          p.label(), s.inputScaleRule(), s.inputScale(),
          100 * p.wide().finalAccuracy(), 100 * p.plain().finalAccuracy(), p.lossPoints(),
          p.wide().totals().acPerMac(), p.plain().totals().acPerMac()));
    }
    md.append('\n');
  }

  private static boolean isPlain(SnnReport r) {
    return r.settings().inputScaleRule().equals("1");
  }

  private static boolean alikeButForInputScale(SnnReport a, SnnReport b) {
    SnnReport.Settings x = a.settings();
    SnnReport.Settings y = b.settings();
    return x.method().equals(y.method()) && Double.compare(x.percentile(), y.percentile()) == 0
        && x.residualPolicy().equals(y.residualPolicy()) && x.reset().equals(y.reset()) && x.input().equals(y.input())
        && x.readout().equals(y.readout()) && x.kernel().equals(y.kernel()) && x.seed() == y.seed()
        && x.calibrationImages() == y.calibrationImages() && x.calibrationSteps() == y.calibrationSteps()
        && a.images() == b.images() && Objects.equals(a.data(), b.data())
        && a.accuracy().stream().map(SnnReport.AccuracyPoint::timesteps).toList()
            .equals(b.accuracy().stream().map(SnnReport.AccuracyPoint::timesteps).toList());
  }
}
