package io.deepsnn.runner.paper;

import io.deepsnn.network.ann.AnnEvaluator;
import io.deepsnn.network.convert.ConvertedNetwork;
import io.deepsnn.network.convert.ConvertedNetworkFile;
import io.deepsnn.network.data.DatasetOptions;
import io.deepsnn.network.data.Datasets;
import io.deepsnn.network.data.ImageDataset;
import io.deepsnn.network.data.Normalization;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.onnx.ModelMetadata;
import io.deepsnn.network.onnx.OnnxImporter;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.normalizer.InputScaleRule;
import io.deepsnn.normalizer.ResidualPolicy;
import io.deepsnn.normalizer.ThresholdMethod;
import io.deepsnn.runner.pipeline.RunSettings;
import io.deepsnn.runner.pipeline.ConvertSettings;
import io.deepsnn.runner.pipeline.Converter;
import io.deepsnn.runner.pipeline.Images;
import io.deepsnn.runner.pipeline.Pipeline;
import io.deepsnn.runner.pipeline.RunCache;
import io.deepsnn.runner.pipeline.SimulateSettings;
import io.deepsnn.runner.report.JsonFiles;
import io.deepsnn.runner.report.ReportBuilder;
import io.deepsnn.runner.report.SnnReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The paper's experiments (Table 1, Figures 3–5, and beyond the paper) on the configured models.
 * Every run is cached under {@code runs/} by its key and the model file's hash, so the experiment
 * resumes where it stopped, a second call only rewrites the page, and a retrained model is never
 * mixed with the runs of its predecessor.
 */
public final class PaperExperiment {
  private PaperExperiment() {
  }

  /** Everything the results page needs. */
  public record Results(PaperConfig config, Map<String, ModelInfo> models, Map<String, Double> annAccuracy,
                        Map<String, SnnReport> reports, List<RunSpec> table, List<RunSpec> ablation,
                        List<RunSpec> beyond, double seconds, double computeSeconds) {
    /** The ANN's accuracy of {@code model} on the first {@code images} test images (NaN if not measured). */
    public double ann(String model, int images) {
      return annAccuracy.getOrDefault(annKey(model, images), Double.NaN);
    }

    /** The report of {@code spec}, or null when it has not run (a page written from cached runs only). */
    public SnnReport report(RunSpec spec) {
      return reports.get(spec.key());
    }

    /** How many planned runs have no report yet. */
    public long missing() {
      return java.util.stream.Stream.of(table, ablation, beyond).flatMap(List::stream)
          .filter(s -> !reports.containsKey(s.key())).map(RunSpec::key).distinct().count();
    }
  }

  static String annKey(String model, int images) {
    return model + "#" + images;
  }

  /**
   * What the results page says about a model.
   *
   * @param arch architecture name from its JSON
   * @param parameters weights
   * @param macs ANN multiply-accumulates per image
   * @param torchTestAccuracy PyTorch's accuracy on the full test set (from its JSON), or NaN
   * @param hash first 12 hex digits of the ONNX file's SHA-256
   */
  public record ModelInfo(String arch, long parameters, long macs, double torchTestAccuracy, String hash) {
  }

  /** A model loaded once for all its runs; {@code hash} (of the ONNX file) is part of its cache names. */
  private record Loaded(Graph graph, Path path, Normalization norm, ImageDataset test, List<String> classes,
                        String hash, ModelInfo info) {
  }

  /** Plans and runs (or reuses) every run. */
  public static Results run(PaperConfig cfg, PrintWriter out) throws IOException {
    return run(cfg, out, false);
  }

  /**
   * Plans and runs (or reuses) every run, most wanted first: Table 1's first seed, Figure 3, the
   * other seeds, then the runs beyond the paper. With {@code cachedOnly} nothing is computed but
   * the ANN accuracies: the results hold the cached runs alone, and the page says what is missing.
   */
  public static Results run(PaperConfig cfg, PrintWriter out, boolean cachedOnly) throws IOException {
    long start = System.nanoTime();
    int threads = cfg.threads() > 0 ? cfg.threads() : Runtime.getRuntime().availableProcessors();
    Path runs = Path.of(cfg.runs());
    Files.createDirectories(runs);
    RunCache cache = new RunCache(runs);
    List<RunSpec> table = new ArrayList<>();
    List<RunSpec> ablation = new ArrayList<>();
    List<RunSpec> beyond = new ArrayList<>();
    plan(cfg, table, ablation, beyond);
    Map<String, Double> ann = new LinkedHashMap<>();
    Map<String, SnnReport> reports = new LinkedHashMap<>();
    Map<String, Loaded> loaded = new LinkedHashMap<>();
    long seed0 = cfg.seeds().get(0);
    List<RunSpec> all = new ArrayList<>(table.stream().filter(s -> s.seed() == seed0).toList());
    all.addAll(ablation);
    all.addAll(table.stream().filter(s -> s.seed() != seed0).toList());
    all.addAll(beyond);
    int k = 0;
    for (RunSpec spec : all) {
      k++;
      Loaded m = loaded.computeIfAbsent(spec.model().label(), l -> load(cfg, spec.model()));
      ann.computeIfAbsent(annKey(spec.model().label(), spec.images()),
          l -> annAccuracy(cfg, m, runs, threads, spec.model(), spec.images()));
      if (reports.containsKey(spec.key())) {
        continue;
      }
      // The rules' version too: a result of older rules is never reused (RunSettings.SEMANTICS).
      String key = spec.key() + "_" + m.hash() + "_s" + RunSettings.SEMANTICS;
      Optional<SnnReport> finished = cache.find(key);
      if (finished.isPresent()) {
        reports.put(spec.key(), finished.get());
        continue;
      }
      if (cachedOnly) {
        continue;
      }
      ImageDataset images = Datasets.limit(m.test(), spec.images());
      out.printf("[%d/%d] %s: %s, seed %d, T=%d on %d images%n", k, all.size(), spec.model().label(), spec.label(),
          spec.seed(), spec.timesteps()[spec.timesteps().length - 1], images.size());
      out.flush();
      ConvertedNetwork c = conversion(cfg, spec, m, runs, threads, out);
      SimulateSettings ss = new SimulateSettings(spec.timesteps(), spec.reset(), spec.seed(),
          SimulationOptions.Readout.SPIKES, SimulationOptions.KernelMode.EVENT, threads, 8, ReportBuilder.PJ_PER_AC,
          ReportBuilder.PJ_PER_MAC, null);
      SnnReport r = Pipeline.simulate(spec.model().label() + ": " + spec.label(), c, images, ss,
          ann.get(annKey(spec.model().label(), spec.images())), cache.snapshot(key), line -> {
            out.println("    " + line);
            out.flush();
          });
      cache.store(key, r);
      reports.put(spec.key(), r);
      out.printf("    accuracy %.2f %% at T=%d (%.0f s)%n", 100 * r.finalAccuracy(),
          spec.timesteps()[spec.timesteps().length - 1], r.wallSeconds());
      out.flush();
    }
    Map<String, ModelInfo> models = new LinkedHashMap<>();
    loaded.forEach((label, m) -> models.put(label, m.info()));
    return new Results(cfg, models, ann, reports, table, ablation, beyond, (System.nanoTime() - start) / 1e9,
        computeSeconds(all, reports, loaded, runs));
  }

  /**
   * What the page's runs cost, cached or not: every simulation's wall time plus every calibration's
   * (read from the converted-network files), each counted once.
   */
  private static double computeSeconds(List<RunSpec> all, Map<String, SnnReport> reports, Map<String, Loaded> loaded,
                                       Path runs) throws IOException {
    double total = 0;
    for (SnnReport r : reports.values()) {
      total += r.wallSeconds();
    }
    java.util.Set<String> conversions = new java.util.LinkedHashSet<>();
    for (RunSpec spec : all) {
      if (!reports.containsKey(spec.key())) {
        continue;
      }
      conversions.add(spec.conversionKey() + "_" + loaded.get(spec.model().label()).hash() + ".snn");
    }
    for (String name : conversions) {
      Path file = runs.resolve(name);
      if (Files.isRegularFile(file)) {
        total += ConvertedNetworkFile.read(file).conversion().seconds();
      }
    }
    return total;
  }

  /**
   * The runs: Table 1 (data-max and Spike-Norm, unity residual thresholds, reset to zero, every
   * seed); Figure 3 (the ResNet ablation with Spike-Norm, seed 0: no junction ReLU, junction ReLU
   * with balanced thresholds, with unit thresholds, and with the plain pre-processing layers);
   * beyond the paper (reset by subtraction for both methods, and the percentile, seed 0).
   */
  static void plan(PaperConfig cfg, List<RunSpec> table, List<RunSpec> ablation, List<RunSpec> beyond) {
    var zero = SimulationOptions.Reset.ZERO;
    var sub = SimulationOptions.Reset.SUBTRACT;
    long seed0 = cfg.seeds().get(0);
    for (PaperConfig.ModelSpec m : cfg.models()) {
      if (!m.table()) {
        continue;
      }
      for (ThresholdMethod method : new ThresholdMethod[] {ThresholdMethod.DATA_MAX, ThresholdMethod.SPIKE_NORM}) {
        for (long seed : cfg.seeds()) {
          table.add(new RunSpec(m, method, 0, ResidualPolicy.UNITY, zero, seed, cfg.timesteps(),
              cfg.tableImages(seed)));
        }
        beyond.add(new RunSpec(m, method, 0, ResidualPolicy.UNITY, sub, seed0, cfg.shortTimesteps(),
            cfg.spreadImages()));
      }
      beyond.add(new RunSpec(m, ThresholdMethod.DATA_PERCENTILE, cfg.percentile(), ResidualPolicy.UNITY, zero, seed0,
          cfg.shortTimesteps(), cfg.spreadImages()));
    }
    String[][] steps = {{"resnet-basic", "BALANCED"}, {"resnet-junction", "BALANCED"}, {"resnet-junction", "UNITY"},
        {"resnet-full", "UNITY"}};
    for (String[] s : steps) {
      cfg.models().stream().filter(m -> m.variant().equals(s[0])).findFirst().ifPresent(m -> ablation.add(
          new RunSpec(m, ThresholdMethod.SPIKE_NORM, 0, ResidualPolicy.valueOf(s[1]), zero, seed0, cfg.timesteps(),
              cfg.ablationImages())));
    }
  }

  private static Loaded load(PaperConfig cfg, PaperConfig.ModelSpec spec) {
    Path path = Path.of(spec.path());
    Graph g = OnnxImporter.read(path).graph();
    ModelMetadata md = ModelMetadata.findBeside(path).orElseThrow(() -> new IllegalArgumentException(
        path + ": the paper experiment needs the model's JSON (mean, std) beside it"));
    Normalization norm = new Normalization(md.mean(), md.std());
    ImageDataset test = Datasets.limit(Datasets.open(Path.of(cfg.dataPath()), DatasetOptions.defaults()
        .withSplit(cfg.split()).withChannels(g.inputShape().channels())), cfg.images());
    String hash;
    try {
      hash = ConvertedNetworkFile.sha256Hex(path).substring(0, 12);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    ModelInfo info = new ModelInfo(md.arch(), g.totalParameters(), g.totalMacs(), md.testAccuracy(), hash);
    return new Loaded(g, path, norm, test, md.classNames(), hash, info);
  }

  private static double annAccuracy(PaperConfig cfg, Loaded m, Path runs, int threads, PaperConfig.ModelSpec spec,
                                    int images) {
    Path cached = runs.resolve(RunSpec.slug(spec.label()) + "_ann_" + images + "_" + m.hash() + ".json");
    try {
      if (Files.isRegularFile(cached)) {
        return JsonFiles.mapper().readTree(cached.toFile()).get("top1").asDouble();
      }
      double a = new AnnEvaluator(m.graph(), m.norm(), threads).evaluate(Datasets.limit(m.test(), images), n -> { })
          .top1();
      JsonFiles.write(cached, Map.of("model", spec.label(), "images", images, "top1", a));
      return a;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static ConvertedNetwork conversion(PaperConfig cfg, RunSpec spec, Loaded m, Path runs, int threads,
                                             PrintWriter out) throws IOException {
    Path file = runs.resolve(spec.conversionKey() + "_" + m.hash() + ".snn");
    if (Files.isRegularFile(file)) {
      return ConvertedNetworkFile.read(file);
    }
    Path calPath = Path.of(cfg.calibrationPath().isBlank() ? cfg.dataPath() : cfg.calibrationPath());
    ImageDataset cal = Datasets.open(calPath, DatasetOptions.defaults().withSplit(cfg.calibrationSplit())
        .withChannels(m.graph().inputShape().channels()));
    List<SnnInput> calImages = Images.calibration(cal, m.norm(), cfg.calibrationImages(), null);
    ConvertSettings s = new ConvertSettings(spec.method(), spec.percentile(), cfg.calibrationImages(),
        cfg.calibrationSteps(), null, spec.residual(), InputScaleRule.range(), SimulationOptions.InputMode.POISSON,
        spec.reset(), 0, threads, null);
    ConvertedNetwork c = Converter.convert(m.graph(), m.path(), m.norm(), m.classes(), calImages,
        "first " + calImages.size() + " images of " + cal.describe(), s, "snn experiment paper", line -> {
          out.println("      " + line);
          out.flush();
        });
    ConvertedNetworkFile.write(c, file);
    out.printf("    converted (%s) in %.0f s%n", spec.conversionKey(), c.conversion().seconds());
    return c;
  }
}
