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
    md.append(String.format(Locale.ROOT, "Regenerate with `%s`. Test set: the first %d images of `%s` (split %s) "
        + "for Table 1's seed %d and Figures 4–5, the first %d for the other seeds and the runs beyond the paper, "
        + "the first %d for Figure 3; calibration: the first %d images of the %s split, Spike-Norm over %d "
        + "timesteps; Poisson seeds %s. This page was written on %s. Its runs took %.1f hours of computation in "
        + "all (simulations and calibrations, %d threads); runs are cached, and the command's last call took %.0f "
        + "minutes.%n%n", command, cfg.images(), cfg.dataPath(), cfg.split(), cfg.seeds().get(0), cfg.spreadImages(),
        cfg.ablationImages(), cfg.calibrationImages(), cfg.calibrationSplit(), cfg.calibrationSteps(), cfg.seeds(),
        LocalDate.now(), results.computeSeconds() / 3600, threads(results), results.seconds() / 60));
    if (results.missing() > 0) {
      md.append(String.format(Locale.ROOT, "**%d of the planned runs have not finished yet**; where a figure lacks "
          + "them it says so (\"not run yet\"). Running the command without `--cached-only` computes them.%n%n",
          results.missing()));
    }
    models(md, results);
    table1(md, results, tMax);
    ablation(md, results, plots, tMax);
    figure4(md, results, plots);
    figure5(md, results, plots);
    beyond(md, results);
    Path page = dir.resolve(cfg.page());
    AtomicFiles.writeString(page, md.toString());
    return page;
  }

  static final String NOT_RUN = "not run yet";

  private static int threads(PaperExperiment.Results r) {
    return r.reports().values().stream().mapToInt(SnnReport::threads).max().orElse(0);
  }

  private static void models(StringBuilder md, PaperExperiment.Results r) {
    int n = r.config().images();
    md.append("## Models\n\n| model | architecture | weights | MACs per image | ANN accuracy, full test set "
        + "(PyTorch) | ANN accuracy, the first ").append(n).append(" images (Java) | ONNX SHA-256 |\n");
    md.append("| --- | --- | ---: | ---: | ---: | ---: | --- |\n");
    for (PaperConfig.ModelSpec m : r.config().models()) {
      PaperExperiment.ModelInfo info = r.models().get(m.label());
      if (info == null) {
        continue;
      }
      double ann = r.ann(m.label(), n);
      String annCell = pct(100 * ann);
      if (Double.isNaN(ann) && !Double.isNaN(r.ann(m.label(), r.config().ablationImages()))) {
        // a Figure 3 model runs on the ablation subset only
        annCell = pct(100 * r.ann(m.label(), r.config().ablationImages())) + " (the first "
            + r.config().ablationImages() + ")";
      }
      md.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %s | %s | `%s…` |%n", m.label(),
          info.arch().isEmpty() ? "–" : info.arch(), info.parameters(), info.macs(),
          pct(100 * info.torchTestAccuracy()), annCell, info.hash()));
    }
    md.append('\n');
  }

  private static void table1(StringBuilder md, PaperExperiment.Results r, int tMax) {
    PaperConfig cfg = r.config();
    long seed0 = cfg.seeds().get(0);
    md.append("## Table 1 — ANN and SNN error at T = ").append(tMax).append("\n\n");
    md.append(String.format(Locale.ROOT, "Poisson seed %d on the first %d test images. The loss is the SNN's error "
        + "minus the ANN's on the same images; the last column is the difference of the two methods image by image "
        + "(a paired difference, ± its standard error), which the Poisson noise of one seed does not blur as much as "
        + "a difference of two means.%n%n", seed0, cfg.images()));
    md.append("| model | ANN error | SNN error, data-max | loss | SNN error, Spike-Norm | loss | Spike-Norm − data-max "
        + "(paired) |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    List<String> remarks = new ArrayList<>();
    for (PaperConfig.ModelSpec m : cfg.models()) {
      if (!m.table()) {
        continue;
      }
      double annErr = 100 * (1 - r.ann(m.label(), cfg.images()));
      SnnReport dm = seedRun(r, m, ThresholdMethod.DATA_MAX, seed0);
      SnnReport sn = seedRun(r, m, ThresholdMethod.SPIKE_NORM, seed0);
      md.append(String.format(Locale.ROOT, "| %s | %.2f %% | %s | %s | %s | %s | %s |%n", m.label(), annErr,
          error(dm), loss(dm, annErr), error(sn), loss(sn, annErr), paired(dm, sn)));
    }
    md.append(String.format(Locale.ROOT, "%nThe spread over the Poisson seeds %s, on the first %d test images (seed "
        + "%d's run counted on those images alone), mean ± standard deviation:%n%n", cfg.seeds(), cfg.spreadImages(),
        seed0));
    md.append("| model | ANN error | SNN error, data-max | loss | SNN error, Spike-Norm | loss |\n");
    md.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (PaperConfig.ModelSpec m : cfg.models()) {
      if (!m.table()) {
        continue;
      }
      double annErr = 100 * (1 - r.ann(m.label(), cfg.spreadImages()));
      double[] dm = errors(r, m, ThresholdMethod.DATA_MAX);
      double[] sn = errors(r, m, ThresholdMethod.SPIKE_NORM);
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", m.label(), pct(annErr),
          meanStd(dm, cfg.seeds().size()), lossOfMean(dm, annErr), meanStd(sn, cfg.seeds().size()),
          lossOfMean(sn, annErr)));
      if (dm.length > 1 && sn.length > 1) {
        remarks.add(comparison(m.label(), tMax, dm, sn));
      }
    }
    md.append("\nThe paper's own figures (their models and data; see the caveats above):\n\n");
    md.append("| model (paper) | ANN error | SNN error, data-based | SNN error, Spike-Norm | source |\n");
    md.append("| --- | ---: | ---: | ---: | --- |\n");
    for (PaperConfig.PaperRow p : cfg.paperRows()) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", p.model(), pct(p.annError()),
          pct(p.dataBasedError()), pct(p.spikeNormError()), p.source()));
    }
    if (cfg.paperRows().isEmpty()) {
      md.append("| (none configured: `paper-figures` in the config) | | | | |\n");
    }
    md.append('\n');
    for (String remark : remarks) {
      md.append("- ").append(remark).append('\n');
    }
    md.append('\n');
    if (!cfg.discussion().isBlank()) {
      md.append(cfg.discussion().strip()).append("\n\n");
    }
  }

  private static SnnReport seedRun(PaperExperiment.Results r, PaperConfig.ModelSpec m, ThresholdMethod method,
                                   long seed) {
    return r.table().stream().filter(s -> s.model() == m && s.method() == method && s.seed() == seed).findFirst()
        .map(r::report).orElse(null);
  }

  private static String error(SnnReport rep) {
    return rep == null ? NOT_RUN : String.format(Locale.ROOT, "%.2f %%", 100 * (1 - rep.finalAccuracy()));
  }

  private static String loss(SnnReport rep, double annErr) {
    return rep == null ? "–" : String.format(Locale.ROOT, "%+.2f", 100 * (1 - rep.finalAccuracy()) - annErr);
  }

  private static String lossOfMean(double[] errors, double annErr) {
    return errors.length == 0 ? "–" : String.format(Locale.ROOT, "%+.2f", mean(errors) - annErr);
  }

  /** Spike-Norm's error minus data-max's, image by image, with its standard error (points). */
  static String paired(SnnReport dataMax, SnnReport spikeNorm) {
    if (dataMax == null || spikeNorm == null) {
      return "–";
    }
    String a = dataMax.finalCorrect();
    String b = spikeNorm.finalCorrect();
    if (a == null || b == null || a.length() != b.length() || a.isEmpty()) {
      return "(per-image results not recorded)";
    }
    int n = a.length();
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = 100.0 * ((a.charAt(i) == '1' ? 1 : 0) - (b.charAt(i) == '1' ? 1 : 0));
    }
    return String.format(Locale.ROOT, "%+.2f ± %.2f", mean(d), Math.sqrt(variance(d) / n));
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
    int n = r.config().ablationImages();
    md.append("## Figure 3 — what residual networks need (Spike-Norm, seed ").append(r.config().seeds().get(0))
        .append(", the first ").append(n).append(" test images)\n\n");
    md.append("The variants are separately trained networks, so compare their conversion losses (SNN error minus "
        + "the same network's ANN error on the same images), not only their errors.\n\n");
    md.append("| step | model | thresholds in residual units | ANN error | SNN error at T = ").append(tMax)
        .append(" | loss |\n");
    md.append("| --- | --- | --- | ---: | ---: | ---: |\n");
    String[] names = {"basic (no junction ReLU)", "+ junction ReLU", "+ unit thresholds", "+ plain pre-processing"};
    List<SnnReport> lines = new ArrayList<>();
    for (int i = 0; i < r.ablation().size(); i++) {
      RunSpec s = r.ablation().get(i);
      SnnReport rep = r.report(s);
      String name = i < names.length ? names[i] : s.label();
      double annErr = 100 * (1 - r.ann(s.model().label(), n));
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", name, s.model().label(),
          s.residual().name().toLowerCase(), pct(annErr), error(rep), loss(rep, annErr)));
      if (rep != null) {
        lines.add(relabel(rep, name));
      }
    }
    if (!lines.isEmpty()) {
      Plots.loss(lines, "ResNet ablation: conversion loss vs timesteps", plots.resolve("fig3_resnet_ablation.png"));
      md.append("\n![ResNet ablation](results/fig3_resnet_ablation.png)\n");
    }
    md.append('\n');
  }

  /** The Table 1 runs of model {@code m} with the first Poisson seed that have run (the figures show one seed). */
  private static List<RunSpec> firstSeedRuns(PaperExperiment.Results r, PaperConfig.ModelSpec m) {
    long seed0 = r.config().seeds().get(0);
    return r.table().stream().filter(s -> s.model() == m && s.seed() == seed0 && r.report(s) != null).toList();
  }

  private static void figure4(StringBuilder md, PaperExperiment.Results r, Path plots) throws IOException {
    md.append("## Figure 4 — error vs timesteps (seed ").append(r.config().seeds().get(0)).append(", the first ")
        .append(r.config().images()).append(" test images)\n\n");
    for (PaperConfig.ModelSpec m : r.config().models()) {
      if (!m.table()) {
        continue;
      }
      List<RunSpec> runs = firstSeedRuns(r, m);
      if (runs.isEmpty()) {
        md.append(m.label()).append(": ").append(NOT_RUN).append(".\n\n");
        continue;
      }
      List<SnnReport> lines = new ArrayList<>();
      md.append("| ").append(m.label()).append(" | ");
      int[] ts = r.config().timesteps();
      for (int t : ts) {
        md.append("T=").append(t).append(" | ");
      }
      md.append("\n| ---").append(" | ---:".repeat(ts.length)).append(" |\n");
      for (RunSpec s : runs) {
        SnnReport rep = r.report(s);
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
    md.append("## Figure 5 — spikes per neuron per layer, and AC/MAC (seed ").append(r.config().seeds().get(0))
        .append(", the first ").append(r.config().images()).append(" test images)\n\n");
    md.append("AC/MAC over the IF layers counts the synaptic operations into the hidden and output layers caused by "
        + "their own spikes' inputs, that is without the input layer's spikes' fan-out into the first layer; the last "
        + "column counts every spike's fan-out, the input's too (SEMANTICS §6).\n\n");
    md.append("| model | method | spikes per image | ACs per image | MACs per image | AC/MAC, IF layers | AC/MAC, "
        + "with the input |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
    StringBuilder images = new StringBuilder();
    for (PaperConfig.ModelSpec m : r.config().models()) {
      if (!m.table()) {
        continue;
      }
      List<SnnReport> lines = new ArrayList<>();
      List<RunSpec> runs = firstSeedRuns(r, m);
      if (runs.isEmpty()) {
        md.append("| ").append(m.label()).append(" | ").append(NOT_RUN).append(" | | | | | |\n");
        continue;
      }
      for (RunSpec s : runs) {
        SnnReport rep = r.report(s);
        SnnReport.Totals t = rep.totals();
        md.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %,d | %.3f | %.3f |%n", m.label(), s.label(),
            t.spikes() / rep.images(), t.acs() / rep.images(), t.macsPerImage(), acPerMacOfIfLayers(rep),
            t.acPerMac()));
        lines.add(relabel(rep, s.label()));
      }
      String file = "fig5_" + RunSpec.slug(m.label()) + ".png";
      Plots.spikesPerNeuron(lines, m.label() + ": spikes per neuron per image", plots.resolve(file));
      images.append("![").append(m.label()).append("](results/").append(file).append(")\n\n");
      images.append(depthTrend(m.label(), r.report(runs.get(runs.size() - 1)))).append("\n\n");
    }
    md.append('\n').append(images);
    thresholds(md, r);
  }

  /**
   * AC/MAC without the first layer's input: the ACs into layers 2.. (caused by IF neurons' spikes)
   * over the MACs of those layers, as the paper counts its networks' operations.
   */
  static double acPerMacOfIfLayers(SnnReport rep) {
    long acs = 0;
    long macs = 0;
    for (SnnReport.LayerStats l : rep.layers()) {
      if (l.index() >= 2) {
        acs += l.acs();
        macs += l.macsPerImage();
      }
    }
    return macs == 0 || rep.images() == 0 ? Double.NaN : (double) acs / rep.images() / macs;
  }

  /**
   * Whether spikes per neuron fall with depth (the paper's Figure 5): the mean over the first and
   * the second half of the hidden layers, and the Spearman-like share of consecutive layers that fall.
   */
  static String depthTrend(String model, SnnReport rep) {
    List<Double> rates = rep.layers().stream().filter(l -> l.index() >= 1 && "hidden".equals(l.role()))
        .map(SnnReport.LayerStats::spikesPerNeuronPerImage).toList();
    if (rates.size() < 4) {
      return "";
    }
    int half = rates.size() / 2;
    double first = rates.subList(0, half).stream().mapToDouble(Double::doubleValue).average().orElse(0);
    double second = rates.subList(half, rates.size()).stream().mapToDouble(Double::doubleValue).average().orElse(0);
    int falls = 0;
    for (int i = 1; i < rates.size(); i++) {
      falls += rates.get(i) < rates.get(i - 1) ? 1 : 0;
    }
    return String.format(Locale.ROOT, "%s (%s): the first %d hidden layers fire %.2f spikes per neuron per image on "
        + "average, the last %d %.2f; %d of %d steps to a deeper layer fire less. %s", model, rep.label(), half, first,
        rates.size() - half, second, falls, rates.size() - 1, second < first
            ? "Sparsity grows with depth, as the paper's Figure 5 shows."
            : "Sparsity does **not** grow with depth here, unlike the paper's Figure 5.");
  }

  /** Each hidden and output layer's threshold under data-max and Spike-Norm, side by side. */
  private static void thresholds(StringBuilder md, PaperExperiment.Results r) {
    for (PaperConfig.ModelSpec m : r.config().models()) {
      SnnReport dm = null;
      SnnReport sn = null;
      for (RunSpec s : firstSeedRuns(r, m)) {
        if (s.method() == ThresholdMethod.DATA_MAX) {
          dm = r.report(s);
        } else if (s.method() == ThresholdMethod.SPIKE_NORM) {
          sn = r.report(s);
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
        .append("th percentile (seed ").append(r.config().seeds().get(0)).append(", the first ")
        .append(r.config().spreadImages()).append(" test images)\n\n")
        .append("Short runs; the same conversions with reset to zero are in Figure 4.\n\n| model | run | ");
    for (int t : ts) {
      md.append("error at T=").append(t).append(" | ");
    }
    md.append("\n| --- | ---").append(" | ---:".repeat(ts.length)).append(" |\n");
    for (RunSpec s : r.beyond()) {
      SnnReport rep = r.report(s);
      md.append("| ").append(s.model().label()).append(" | ").append(s.label()).append(" | ");
      if (rep == null) {
        md.append((NOT_RUN + " | ").repeat(ts.length));
      } else {
        for (SnnReport.AccuracyPoint p : rep.accuracy()) {
          md.append(String.format(Locale.ROOT, "%.2f %% | ", 100 * (1 - p.accuracy())));
        }
      }
      md.append('\n');
    }
    md.append('\n');
  }

  /**
   * The error of every seed's run of {@code m} that has finished, on the spread subset (the first
   * seed's run counted on those images alone, from its per-image results).
   */
  private static double[] errors(PaperExperiment.Results r, PaperConfig.ModelSpec m, ThresholdMethod method) {
    int n = r.config().spreadImages();
    return r.table().stream().filter(s -> s.model() == m && s.method() == method && r.report(s) != null)
        .mapToDouble(s -> errorOnFirst(r.report(s), n)).filter(e -> !Double.isNaN(e)).toArray();
  }

  /** The error (percent) of a run on its first {@code n} images; NaN when that cannot be told. */
  static double errorOnFirst(SnnReport rep, int n) {
    if (rep.images() == n) {
      return 100 * (1 - rep.finalAccuracy());
    }
    String bits = rep.finalCorrect();
    if (bits == null || bits.length() < n || n == 0) {
      return Double.NaN;
    }
    long right = bits.substring(0, n).chars().filter(c -> c == '1').count();
    return 100.0 * (n - right) / n;
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

  private static String meanStd(double[] v, int planned) {
    if (v.length == 0) {
      return NOT_RUN;
    }
    String s = v.length == 1 ? String.format(Locale.ROOT, "%.2f %%", v[0])
        : String.format(Locale.ROOT, "%.2f ± %.2f %%", mean(v), Math.sqrt(variance(v)));
    return v.length < planned ? s + " (" + v.length + " of " + planned + " seeds)" : s;
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f %%", v);
  }

  private static SnnReport relabel(SnnReport r, String label) {
    return r.withLabel(label);
  }
}
