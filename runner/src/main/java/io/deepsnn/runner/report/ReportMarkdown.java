package io.deepsnn.runner.report;

import java.util.List;
import java.util.Locale;

/**
 * Renders reports as one Markdown page ({@code report.md}): accuracy vs timesteps, the clipping
 * loss (where runs differ in λ_in only), cost, spikes per neuron per layer and settings, one row
 * per run, with the plots written beside it — a page to read on a forge or paste into notes, from
 * the same numbers as {@code report.json}.
 */
public final class ReportMarkdown {
  private ReportMarkdown() {
  }

  /** The page for {@code reports} (at least one), titled {@code title}. */
  public static String render(String title, List<SnnReport> reports) {
    return render(title, reports, "");
  }

  /**
   * The page for {@code reports}, with {@code note} (one paragraph, e.g. what the network uses
   * beyond the paper; empty for none) under the title.
   */
  public static String render(String title, List<SnnReport> reports, String note) {
    SnnReport first = reports.get(0);
    StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
    if (!note.isBlank()) {
      md.append(note.strip()).append("\n\n");
    }
    md.append("Data: ").append(first.data()).append(String.format(Locale.ROOT, " (%,d images)", first.images()));
    if (!Double.isNaN(first.annAccuracy())) {
      md.append(String.format(Locale.ROOT, "; ANN accuracy %.2f %%", 100 * first.annAccuracy()));
    }
    md.append(".\n\n");
    accuracy(md, reports);
    ClippingLoss.markdown(md, reports);
    cost(md, reports);
    spikes(md, reports);
    settings(md, reports);
    return md.toString();
  }

  private static void accuracy(StringBuilder md, List<SnnReport> reports) {
    boolean ann = !Double.isNaN(reports.get(0).annAccuracy());
    md.append("## Accuracy vs timesteps\n\n| run |");
    List<SnnReport.AccuracyPoint> steps = reports.get(0).accuracy();
    for (SnnReport.AccuracyPoint p : steps) {
      md.append(" T=").append(p.timesteps()).append(" |");
    }
    if (ann) {
      md.append(" within ").append(ReportTables.NEAR_ANN_POINTS).append(" pt of ANN from T |")
          .append(" ACs per image to get there (AC/MAC) | wall time to get there |");
    }
    md.append("\n| ---").append(" | ---:".repeat(steps.size() + (ann ? 3 : 0))).append(" |\n");
    for (SnnReport r : reports) {
      md.append("| ").append(r.label()).append(" |");
      for (SnnReport.AccuracyPoint p : r.accuracy()) {
        md.append(String.format(Locale.ROOT, " %.2f %% |", 100 * p.accuracy()));
      }
      if (ann) {
        md.append(' ').append(ReportTables.latency(r)).append(" | ").append(costToAnn(r)).append(" | ")
            .append(timeToAnn(r)).append(" |");
      }
      md.append('\n');
    }
    md.append("\n![accuracy vs timesteps](accuracy.png)\n\n");
  }

  /** The synaptic operations per image until the run stays within the latency's points of the ANN. */
  static String costToAnn(SnnReport r) {
    int t = r.timestepsToAnnWithin(ReportTables.NEAR_ANN_POINTS);
    for (SnnReport.AccuracyPoint p : r.accuracy()) {
      if (p.timesteps() == t && r.images() > 0) {
        return String.format(Locale.ROOT, "%,d (%.2f)", p.acs() / r.images(), p.acPerMac());
      }
    }
    return "–";
  }

  /** The wall time until the run stays within the latency's points of the ANN, where it was measured. */
  static String timeToAnn(SnnReport r) {
    SnnReport.TimeToAccuracy there = r.timeToAnnWithin(ReportTables.NEAR_ANN_POINTS);
    return there == null || !(there.seconds() > 0) ? "–" : String.format(Locale.ROOT, "%.2f s", there.seconds());
  }

  private static void cost(StringBuilder md, List<SnnReport> reports) {
    md.append("## Cost over the whole run\n\n| run | spikes per image | ACs per image | MACs per image | AC/MAC "
        + "| SNN µJ per image | ANN µJ per image | wall time | synaptic events/s |\n"
        + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (SnnReport r : reports) {
      SnnReport.Totals t = r.totals();
      int n = Math.max(1, r.images());
      md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %.2f | %.4g | %.4g | %.0f s | %.3g |%n", r.label(),
          Math.round((double) t.spikes() / n), Math.round((double) t.acs() / n), t.macsPerImage(), t.acPerMac(),
          t.snnMicrojoulesPerImage(), t.annMicrojoulesPerImage(), r.wallSeconds(), r.synapticEventsPerSecond()));
    }
    md.append(String.format(Locale.ROOT, "%nEnergy: %.2f pJ per AC, %.2f pJ per MAC.%n%n",
        reports.get(0).totals().pjPerAc(), reports.get(0).totals().pjPerMac()));
  }

  private static void spikes(StringBuilder md, List<SnnReport> reports) {
    List<SnnReport.LayerStats> layers = reports.get(0).layers();
    md.append("## Spikes per neuron per image\n\n| run |");
    for (SnnReport.LayerStats l : layers) {
      md.append(' ').append(l.index()).append(": ").append(l.role().equals("input") ? "input" : l.shape())
          .append(" |");
    }
    md.append("\n| ---").append(" | ---:".repeat(layers.size())).append(" |\n");
    for (SnnReport r : reports) {
      md.append("| ").append(r.label()).append(" |");
      for (SnnReport.LayerStats l : r.layers()) {
        md.append(String.format(Locale.ROOT, " %.2f |", l.spikesPerNeuronPerImage()));
      }
      md.append('\n');
    }
    md.append("\nLayers: ");
    for (int i = 0; i < layers.size(); i++) {
      md.append(i == 0 ? "" : ", ").append(layers.get(i).index()).append(" `").append(layers.get(i).name())
          .append('`');
    }
    md.append(".\n\n![spikes per neuron per layer](spikes_per_neuron.png)\n\n");
  }

  private static void settings(StringBuilder md, List<SnnReport> reports) {
    md.append("## Settings\n\n| run | method | reset | λ_in | input | readout | seed | calibration |\n"
        + "| --- | --- | --- | --- | --- | --- | ---: | --- |\n");
    for (SnnReport r : reports) {
      SnnReport.Settings s = r.settings();
      String method = s.method().equals("data-percentile") ? "p" + TextTable.trim(s.percentile())
          : s.method();
      String cal = s.calibrationSteps() > 0
          ? String.format(Locale.ROOT, "%d images × %d steps", s.calibrationImages(), s.calibrationSteps())
          : s.calibrationImages() + " images";
      if (s.biasCalibrationSteps() > 0) {
        cal += "; bias calibration over " + s.biasCalibrationSteps() + " steps";
      }
      if (s.vInit() > 0) {
        cal += "; v-init " + TextTable.trim(s.vInit());
      }
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s (%.4g) | %s | %s | %d | %s |%n", r.label(), method,
          s.reset(), s.inputScaleRule(), s.inputScale(), s.input(), s.readout(), s.seed(), cal));
    }
  }

}
