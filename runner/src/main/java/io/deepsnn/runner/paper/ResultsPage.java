package io.deepsnn.runner.paper;

import io.deepsnn.network.io.AtomicFiles;
import io.deepsnn.normalizer.ThresholdMethod;
import io.deepsnn.runner.report.Plots;
import io.deepsnn.runner.report.SnnReport;
import io.deepsnn.runner.report.TextTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code RESULTS.md} and its plots from the paper experiment's runs: Table 1 (mean ± std
 * over the seeds, with the paper's figures beside), Figure 3 (the ResNet ablation), Figure 4
 * (error vs timesteps), Figure 5 (spikes per neuron per layer, AC/MAC) and the runs beyond the
 * paper. Every number comes from a run; nothing is typed in.
 */
public final class ResultsPage {
  private ResultsPage() {
  }

  /** Writes the page and plots into {@code results.config().out()}; returns the page's path. */
  public static Path write(PaperExperiment.Results results, String command) throws IOException {
    PaperConfig cfg = results.config();
    Path dir = Path.of(cfg.out());
    Path plots = dir.resolve("results");
    Files.createDirectories(plots);
    StringBuilder md = new StringBuilder();
    md.append("# ").append(cfg.name()).append("\n\n");
    md.append(cfg.caveats().strip()).append("\n\n");
    int tMax = cfg.timesteps()[cfg.timesteps().length - 1];
    md.append(String.format(Locale.ROOT, "Regenerate with `%s`. Test set: the first %d images of `%s` (split %s); "
        + "calibration: the first %d images of the %s split, Spike-Norm over %d timesteps; Poisson seeds %s. "
        + "This page was written on %s. Its runs took %.1f hours of computation in all (simulations and "
        + "calibrations, %d threads); runs are cached, and the command's last call took %.0f minutes.%n%n", command,
        cfg.images(), cfg.dataPath(), cfg.split(), cfg.calibrationImages(), cfg.calibrationSplit(),
        cfg.calibrationSteps(), cfg.seeds(), LocalDate.now(), results.computeSeconds() / 3600, threads(results),
        results.seconds() / 60));
    models(md, results);
    table1(md, results, tMax);
    ablation(md, results, plots, tMax);
    figure4(md, results, plots);
    figure5(md, results, plots);
    beyond(md, results);
    Path page = dir.resolve("RESULTS.md");
    AtomicFiles.writeString(page, md.toString());
    return page;
  }

  private static int threads(PaperExperiment.Results r) {
    return r.reports().values().stream().mapToInt(SnnReport::threads).max().orElse(0);
  }

  private static void models(StringBuilder md, PaperExperiment.Results r) {
    md.append("## Models\n\n| model | architecture | weights | MACs per image | ANN accuracy, full test set "
        + "(PyTorch) | ANN accuracy, these ").append(r.config().images()).append(" images (Java) | ONNX SHA-256 |\n");
    md.append("| --- | --- | ---: | ---: | ---: | ---: | --- |\n");
    for (PaperConfig.ModelSpec m : r.config().models()) {
      PaperExperiment.ModelInfo info = r.models().get(m.label());
      Double ann = r.annAccuracy().get(m.label());
      if (info == null || ann == null) {
        continue;
      }
      md.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %s | %.2f %% | `%s…` |%n", m.label(),
          info.arch().isEmpty() ? "–" : info.arch(), info.parameters(), info.macs(),
          pct(100 * info.torchTestAccuracy()), 100 * ann, info.hash()));
    }
    md.append('\n');
  }

  private static void table1(StringBuilder md, PaperExperiment.Results r, int tMax) {
    md.append("## Table 1 — ANN and SNN error at T = ").append(tMax).append("\n\n");
    md.append("SNN errors are the mean ± standard deviation over the Poisson seeds; the loss is SNN error minus "
        + "ANN error on the same images.\n\n");
    md.append("| model | ANN error | SNN error, data-max | loss | SNN error, Spike-Norm | loss |\n");
    md.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    List<String> remarks = new ArrayList<>();
    for (PaperConfig.ModelSpec m : r.config().models()) {
      if (!m.table()) {
        continue;
      }
      double annErr = 100 * (1 - r.annAccuracy().get(m.label()));
      double[] dm = errors(r, m, ThresholdMethod.DATA_MAX);
      double[] sn = errors(r, m, ThresholdMethod.SPIKE_NORM);
      md.append(String.format(Locale.ROOT, "| %s | %.2f %% | %s | %+.2f | %s | %+.2f |%n", m.label(), annErr,
          meanStd(dm), mean(dm) - annErr, meanStd(sn), mean(sn) - annErr));
      remarks.add(comparison(m.label(), tMax, dm, sn));
    }
    md.append("\nThe paper's own figures (their models and data; see the caveats above):\n\n");
    md.append("| model (paper) | ANN error | SNN error, data-based | SNN error, Spike-Norm | source |\n");
    md.append("| --- | ---: | ---: | ---: | --- |\n");
    for (PaperConfig.PaperRow p : r.config().paperRows()) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", p.model(), pct(p.annError()),
          pct(p.dataBasedError()), pct(p.spikeNormError()), p.source()));
    }
    if (r.config().paperRows().isEmpty()) {
      md.append("| (none configured: `paper-figures` in the config) | | | | |\n");
    }
    md.append('\n');
    for (String remark : remarks) {
      md.append("- ").append(remark).append('\n');
    }
    md.append('\n');
    if (!r.config().discussion().isBlank()) {
      md.append(r.config().discussion().strip()).append("\n\n");
    }
  }

  /**
   * One sentence comparing the methods on a model: which has the lower mean error, by how much,
   * and whether the difference exceeds twice its standard error over the seeds (Welch), so that a
   * difference smaller than the Poisson noise is not read as a win.
   */
  static String comparison(String model, int tMax, double[] dataMax, double[] spikeNorm) {
    double diff = mean(dataMax) - mean(spikeNorm);
    double se = Math.sqrt(variance(dataMax) / dataMax.length + variance(spikeNorm) / spikeNorm.length);
    String winner = diff > 0 ? "Spike-Norm's error is lower than data-max's" : "Spike-Norm did **not** beat data-max:"
        + " its error is higher";
    String verdict = Math.abs(diff) > 2 * se ? "more than twice its standard error over the seeds (%.2f)"
        : "within twice its standard error over the seeds (%.2f), so the seeds cannot separate the methods";
    return String.format(Locale.ROOT, "%s at T = %d: %s by %.2f points, " + verdict + ".", model, tMax, winner,
        Math.abs(diff), se);
  }

  private static void ablation(StringBuilder md, PaperExperiment.Results r, Path plots, int tMax) throws IOException {
    if (r.ablation().isEmpty()) {
      return;
    }
    md.append("## Figure 3 — what residual networks need (Spike-Norm, seed ").append(r.config().seeds().get(0))
        .append(")\n\n![ResNet ablation](results/fig3_resnet_ablation.png)\n\n");
    md.append("The variants are separately trained networks, so compare their conversion losses (SNN error minus "
        + "the same network's ANN error on the same images), not only their errors.\n\n");
    md.append("| step | model | thresholds in residual units | ANN error | SNN error at T = ").append(tMax)
        .append(" | loss |\n");
    md.append("| --- | --- | --- | ---: | ---: | ---: |\n");
    String[] names = {"basic (no junction ReLU)", "+ junction ReLU", "+ unit thresholds", "+ plain pre-processing"};
    List<SnnReport> lines = new ArrayList<>();
    for (int i = 0; i < r.ablation().size(); i++) {
      RunSpec s = r.ablation().get(i);
      SnnReport rep = r.reports().get(s.key());
      String name = i < names.length ? names[i] : s.label();
      double annErr = 100 * (1 - r.annAccuracy().get(s.model().label()));
      double snnErr = 100 * (1 - rep.finalAccuracy());
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f %% | %.2f %% | %+.2f |%n", name, s.model().label(),
          s.residual().name().toLowerCase(), annErr, snnErr, snnErr - annErr));
      lines.add(relabel(rep, name));
    }
    Plots.loss(lines, "ResNet ablation: conversion loss vs timesteps", plots.resolve("fig3_resnet_ablation.png"));
    md.append('\n');
  }

  /** The Table 1 runs of model {@code m} with the first Poisson seed (the figures show one seed). */
  private static List<RunSpec> firstSeedRuns(PaperExperiment.Results r, PaperConfig.ModelSpec m) {
    long seed0 = r.config().seeds().get(0);
    return r.table().stream().filter(s -> s.model() == m && s.seed() == seed0).toList();
  }

  private static void figure4(StringBuilder md, PaperExperiment.Results r, Path plots) throws IOException {
    md.append("## Figure 4 — error vs timesteps (seed ").append(r.config().seeds().get(0)).append(")\n\n");
    for (PaperConfig.ModelSpec m : r.config().models()) {
      if (!m.table()) {
        continue;
      }
      List<SnnReport> lines = new ArrayList<>();
      md.append("| ").append(m.label()).append(" | ");
      int[] ts = r.config().timesteps();
      for (int t : ts) {
        md.append("T=").append(t).append(" | ");
      }
      md.append("\n| ---").append(" | ---:".repeat(ts.length)).append(" |\n");
      for (RunSpec s : firstSeedRuns(r, m)) {
        SnnReport rep = r.reports().get(s.key());
        lines.add(relabel(rep, s.label()));
        md.append("| ").append(s.label()).append(" | ");
        for (SnnReport.AccuracyPoint p : rep.accuracy()) {
          md.append(String.format(Locale.ROOT, "%.2f %% | ", 100 * (1 - p.accuracy())));
        }
        md.append('\n');
      }
      String file = "fig4_" + RunSpec.slug(m.label()) + ".png";
      Plots.error(lines, m.label() + ": error vs timesteps", plots.resolve(file));
      md.append("\n![").append(m.label()).append("](results/").append(file).append(")\n\n");
    }
  }

  private static void figure5(StringBuilder md, PaperExperiment.Results r, Path plots) throws IOException {
    md.append("## Figure 5 — spikes per neuron per layer, and AC/MAC\n\n");
    md.append("| model | method | spikes per image | ACs per image | MACs per image | AC/MAC |\n");
    md.append("| --- | --- | ---: | ---: | ---: | ---: |\n");
    StringBuilder images = new StringBuilder();
    for (PaperConfig.ModelSpec m : r.config().models()) {
      if (!m.table()) {
        continue;
      }
      List<SnnReport> lines = new ArrayList<>();
      for (RunSpec s : firstSeedRuns(r, m)) {
        SnnReport rep = r.reports().get(s.key());
        SnnReport.Totals t = rep.totals();
        md.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %,d | %.3f |%n", m.label(), s.label(),
            t.spikes() / rep.images(), t.acs() / rep.images(), t.macsPerImage(), t.acPerMac()));
        lines.add(relabel(rep, s.label()));
      }
      String file = "fig5_" + RunSpec.slug(m.label()) + ".png";
      Plots.spikesPerNeuron(lines, m.label() + ": spikes per neuron per image", plots.resolve(file));
      images.append("![").append(m.label()).append("](results/").append(file).append(")\n\n");
    }
    md.append('\n').append(images);
    thresholds(md, r);
    md.append("AC/MAC counts every spike's exact fan-out over the whole run (input spikes included) against the "
        + "ANN's MACs per image (SEMANTICS §6). The paper reports the same kind of ratio for its ImageNet networks; "
        + "this page does not quote its values (not checked against the paper's text).\n\n");
  }

  /** Each hidden and output layer's threshold under data-max and Spike-Norm, side by side. */
  private static void thresholds(StringBuilder md, PaperExperiment.Results r) {
    for (PaperConfig.ModelSpec m : r.config().models()) {
      SnnReport dm = null;
      SnnReport sn = null;
      for (RunSpec s : firstSeedRuns(r, m)) {
        if (s.method() == ThresholdMethod.DATA_MAX) {
          dm = r.reports().get(s.key());
        } else if (s.method() == ThresholdMethod.SPIKE_NORM) {
          sn = r.reports().get(s.key());
        }
      }
      if (dm == null || sn == null) {
        continue;
      }
      md.append("Thresholds of ").append(m.label()).append(" (Spike-Norm / data-max below 1: Spike-Norm fires "
          + "that layer more often):\n\n| layer | shape | data-max | Spike-Norm | Spike-Norm / data-max |\n"
          + "| --- | --- | ---: | ---: | ---: |\n");
      for (int i = 0; i < dm.layers().size() && i < sn.layers().size(); i++) {
        SnnReport.LayerStats a = dm.layers().get(i);
        SnnReport.LayerStats b = sn.layers().get(i);
        if (Double.isNaN(a.threshold()) || Double.isNaN(b.threshold())) {
          continue;
        }
        md.append(String.format(Locale.ROOT, "| %s | %s | %.4g | %.4g | %.3f |%n", a.name(), a.shape(),
            a.threshold(), b.threshold(), b.threshold() / a.threshold()));
      }
      md.append('\n');
    }
  }

  private static void beyond(StringBuilder md, PaperExperiment.Results r) {
    if (r.beyond().isEmpty()) {
      return;
    }
    int[] ts = r.config().shortTimesteps();
    md.append("## Beyond the paper — reset by subtraction and the ").append(TextTable.trim(r.config().percentile()))
        .append("th percentile (seed ").append(r.config().seeds().get(0)).append(")\n\n")
        .append("Short runs; the same conversions with reset to zero are in Figure 4.\n\n| model | run | ");
    for (int t : ts) {
      md.append("error at T=").append(t).append(" | ");
    }
    md.append("\n| --- | ---").append(" | ---:".repeat(ts.length)).append(" |\n");
    for (RunSpec s : r.beyond()) {
      SnnReport rep = r.reports().get(s.key());
      md.append("| ").append(s.model().label()).append(" | ").append(s.label()).append(" | ");
      for (SnnReport.AccuracyPoint p : rep.accuracy()) {
        md.append(String.format(Locale.ROOT, "%.2f %% | ", 100 * (1 - p.accuracy())));
      }
      md.append('\n');
    }
    md.append('\n');
  }

  private static double[] errors(PaperExperiment.Results r, PaperConfig.ModelSpec m, ThresholdMethod method) {
    return r.table().stream().filter(s -> s.model() == m && s.method() == method)
        .mapToDouble(s -> 100 * (1 - r.reports().get(s.key()).finalAccuracy())).toArray();
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return v.length == 0 ? Double.NaN : s / v.length;
  }

  /** Sample variance (n - 1); 0 for fewer than two values. */
  private static double variance(double[] v) {
    double m = mean(v);
    double ss = 0;
    for (double x : v) {
      ss += (x - m) * (x - m);
    }
    return v.length > 1 ? ss / (v.length - 1) : 0;
  }

  private static String meanStd(double[] v) {
    return String.format(Locale.ROOT, "%.2f ± %.2f %%", mean(v), Math.sqrt(variance(v)));
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f %%", v);
  }

  private static SnnReport relabel(SnnReport r, String label) {
    return new SnnReport(label, r.settings(), r.images(), r.data(), r.annAccuracy(), r.accuracy(), r.layers(),
        r.totals(), r.wallSeconds(), r.synapticEventsPerSecond(), r.threads());
  }
}
