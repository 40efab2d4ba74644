package io.deepsnn.runner.report;

import java.util.ArrayList;
import java.util.List;

/** Renders reports as terminal tables. */
public final class ReportTables {
  private ReportTables() {
  }

  /** Accuracy at each timestep, one column per run (and the ANN's as the first row). */
  public static String accuracy(List<SnnReport> reports) {
    List<String> cols = new ArrayList<>();
    cols.add(">T");
    for (SnnReport r : reports) {
      cols.add(">" + r.label());
    }
    TextTable t = new TextTable(cols.toArray(new String[0]));
    double ann = reports.isEmpty() ? Double.NaN : reports.get(0).annAccuracy();
    if (!Double.isNaN(ann)) {
      Object[] row = new Object[cols.size()];
      row[0] = "ANN";
      for (int i = 1; i < row.length; i++) {
        row[i] = TextTable.percent(reports.get(i - 1).annAccuracy());
      }
      t.row(row).separator();
    }
    for (int k = 0; k < reports.get(0).accuracy().size(); k++) {
      Object[] row = new Object[cols.size()];
      row[0] = reports.get(0).accuracy().get(k).timesteps();
      for (int i = 1; i < row.length; i++) {
        List<SnnReport.AccuracyPoint> pts = reports.get(i - 1).accuracy();
        row[i] = k < pts.size() ? TextTable.percent(pts.get(k).accuracy()) : "";
      }
      t.row(row);
    }
    if (!Double.isNaN(ann)) {
      Object[] row = new Object[cols.size()];
      row[0] = "within " + NEAR_ANN_POINTS + " pt of ANN from T";
      Object[] acs = new Object[cols.size()];
      acs[0] = "  ACs/image to get there";
      Object[] secs = new Object[cols.size()];
      secs[0] = "  wall time to get there";
      for (int i = 1; i < row.length; i++) {
        row[i] = latency(reports.get(i - 1));
        SnnReport.TimeToAccuracy there = reports.get(i - 1).timeToAnnWithin(NEAR_ANN_POINTS);
        acs[i] = there == null ? "" : TextTable.count(Math.round(there.acsPerImage()));
        secs[i] = there == null || !(there.seconds() > 0) ? "" : String.format(java.util.Locale.ROOT, "%.2f s",
            there.seconds());
      }
      t.separator().row(row).row(acs).row(secs);
    }
    return t.render();
  }

  /**
   * The clipping loss of each pair of runs that differ in λ_in only (see {@code report.md}), or
   * "" when there is none.
   */
  public static String clippingLoss(List<SnnReport> reports) {
    List<ClippingLoss.Pair> pairs = ClippingLoss.pairs(reports);
    if (pairs.isEmpty()) {
      return "";
    }
    TextTable t = new TextTable("clipping loss at the last T", ">λ_in", ">accuracy", ">λ_in = 1", ">loss", ">AC/MAC",
        ">AC/MAC, λ_in = 1");
    for (ClippingLoss.Pair p : pairs) {
      t.row(p.label(), p.wide().settings().inputScaleRule(),
          TextTable.percent(p.wide().finalAccuracy()), TextTable.percent(p.plain().finalAccuracy()),
          String.format(java.util.Locale.ROOT, "%+.2f pt", p.lossPoints()),
          String.format(java.util.Locale.ROOT, "%.1f", p.wide().totals().acPerMac()),
          String.format(java.util.Locale.ROOT, "%.1f", p.plain().totals().acPerMac()));
    }
    return t.render();
  }

  /** How close to the ANN's accuracy counts as reaching it, in percentage points. */
  public static final int NEAR_ANN_POINTS = 1;

  /** The run's {@link SnnReport#timestepsToAnnWithin latency} to near-ANN accuracy, or "not reached". */
  static String latency(SnnReport r) {
    int t = r.timestepsToAnnWithin(NEAR_ANN_POINTS);
    return t < 0 ? "not reached" : String.valueOf(t);
  }

  /** Per-layer spikes and cost of one run. */
  public static String layers(SnnReport r) {
    TextTable t = new TextTable(">#", "layer", ">shape", ">threshold", ">spikes/neuron/image", ">ACs/image",
        ">MACs/image", ">AC/MAC");
    for (SnnReport.LayerStats l : r.layers()) {
      t.row(l.index(), l.name(), l.shape(), Double.isNaN(l.threshold()) ? "-" : String.format("%.4g%s", l.threshold(),
              l.unity() ? " (unity)" : ""), String.format("%.3f", l.spikesPerNeuronPerImage()),
          TextTable.count(Math.round((double) (l.acs() + l.shortcutAcs()) / Math.max(1, r.images()))),
          TextTable.count(l.macsPerImage()), Double.isNaN(l.acPerMac()) ? "-" : String.format("%.3f", l.acPerMac()));
    }
    SnnReport.Totals tot = r.totals();
    t.separator().row("", "total", "", "", "", TextTable.count(Math.round((double) tot.acs() / Math.max(1, r.images()))),
        TextTable.count(tot.macsPerImage()), String.format("%.3f", tot.acPerMac()));
    return t.render();
  }

  /**
   * With early exit: per requested T, the accuracy, the timesteps an image ran on average and the
   * ACs per image; "" for a run without it.
   */
  public static String earlyExit(SnnReport r) {
    if (r.settings() == null || r.settings().earlyExit() == null) {
      return "";
    }
    TextTable t = new TextTable(">T", ">accuracy", ">mean timesteps/image", ">ACs/image");
    for (SnnReport.AccuracyPoint p : r.accuracy()) {
      t.row(p.timesteps(), TextTable.percent(p.accuracy()), String.format(java.util.Locale.ROOT, "%.1f",
          p.meanTimesteps()), TextTable.count(Math.round((double) p.acs() / Math.max(1, r.images()))));
    }
    return "early exit " + r.settings().earlyExit() + " (an image stops once its prediction has held for W timesteps "
        + "and leads by K spikes):\n" + t.render();
  }

  /** One summary line: energy, wall time and speed. */
  public static String summary(SnnReport r) {
    SnnReport.Totals t = r.totals();
    return String.format("%s: %d images x %d steps in %.1f s on %d thread(s), %.3g synaptic events/s; "
            + "energy per image %.4g uJ (SNN, %.2f pJ/AC) vs %.4g uJ (ANN, %.2f pJ/MAC)",
        r.label(), r.images(), r.accuracy().get(r.accuracy().size() - 1).timesteps(), r.wallSeconds(), r.threads(),
        r.synapticEventsPerSecond(), t.snnMicrojoulesPerImage(), t.pjPerAc(), t.annMicrojoulesPerImage(), t.pjPerMac());
  }
}
