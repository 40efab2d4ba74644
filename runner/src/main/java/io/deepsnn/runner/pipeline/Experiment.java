package io.deepsnn.runner.pipeline;

import io.deepsnn.network.ann.AnnEvaluator;
import io.deepsnn.network.convert.ConvertedNetwork;
import io.deepsnn.network.convert.ConvertedNetworkFile;
import io.deepsnn.network.data.DatasetOptions;
import io.deepsnn.network.data.Datasets;
import io.deepsnn.network.data.ImageDataset;
import io.deepsnn.network.data.Normalization;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.graph.Shape;
import io.deepsnn.network.onnx.ImportOptions;
import io.deepsnn.network.onnx.ModelMetadata;
import io.deepsnn.network.onnx.OnnxImporter;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.normalizer.InputScaleRule;
import io.deepsnn.runner.report.Plots;
import io.deepsnn.runner.report.ReportFiles;
import io.deepsnn.runner.report.ReportTables;
import io.deepsnn.runner.report.SnnReport;
import io.deepsnn.runner.report.TextTable;
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
 * Runs an {@link ExperimentConfig}: measures the ANN, converts the model once per conversion ×
 * input scale × reset, simulates each conversion on the same images, prints the comparison and
 * writes the report, CSV files, plots and converted networks. Each finished run is kept in
 * {@code OUT/runs/} ({@link RunCache}), so running the same config again resumes after the last
 * finished run.
 */
public final class Experiment {
  private Experiment() {
  }

  /** Runs the experiment; returns one report per run. */
  public static List<SnnReport> run(ExperimentConfig cfg, String command, PrintWriter out) throws IOException {
    int threads = cfg.threads() > 0 ? cfg.threads() : Runtime.getRuntime().availableProcessors();
    Path modelPath = cfg.model().equals("bundled") ? BundledDemo.model() : Path.of(cfg.model());
    Shape override = cfg.inputShape().isBlank() ? null : Shape.parse(cfg.inputShape());
    Graph g = new OnnxImporter(ImportOptions.defaults().withInputShape(override).withBiases(cfg.biases())
        .withMaxPools(cfg.maxPools()))
        .importFile(modelPath).graph();
    Optional<ModelMetadata> meta = ModelMetadata.findBeside(modelPath);
    Normalization norm = normalization(cfg, meta);
    Path dataPath = cfg.dataPath().equals("bundled") ? BundledDemo.images() : Path.of(cfg.dataPath());
    ImageDataset data = open(dataPath, cfg.split(), g.inputShape(), cfg);
    if (cfg.images() > 0) {
      data = Datasets.limit(data, cfg.images());
    }
    Path calPath = cfg.calibrationPath().isBlank() ? dataPath
        : cfg.calibrationPath().equals("bundled") ? BundledDemo.images() : Path.of(cfg.calibrationPath());
    ImageDataset calData = open(calPath, cfg.calibrationSplit(), g.inputShape(), cfg);
    List<SnnInput> cal = Images.calibration(calData, norm, cfg.calibrationImages(), cfg.calibrationSeed());
    String calDescription = (cfg.calibrationSeed() == null ? "first " : "random (seed " + cfg.calibrationSeed() + ") ")
        + cal.size() + " images of " + calData.describe();
    List<String> classes = meta.map(ModelMetadata::classNames).filter(l -> !l.isEmpty()).orElse(data.classNames());

    out.println(cfg.name() + ": " + modelPath.getFileName() + " on " + data.describe());
    out.println("calibration: " + calDescription);
    out.flush();
    double ann = new AnnEvaluator(g, norm, threads).evaluate(data, n -> { }).top1();
    out.printf("ANN top-1 accuracy: %s%n", TextTable.percent(ann));
    out.flush();

    Path outDir = Path.of(cfg.out());
    Files.createDirectories(outDir);
    RunCache cache = new RunCache(outDir.resolve("runs"));
    String modelSha = ConvertedNetworkFile.sha256Hex(modelPath);
    List<SnnReport> reports = new ArrayList<>();
    for (InputScaleRule scale : cfg.inputScales()) {
      for (ExperimentConfig.ConversionSpec conv : cfg.conversions()) {
        for (SimulationOptions.Reset reset : conv.resets(cfg.resets())) {
          String label = conv.label() + (conv.reset() != null ? "" : " / " + ConvertSettings.label(reset))
              + (cfg.inputScales().size() > 1 ? " / λin " + scale.label() : "");
          String key = RunCache.key(slug(label), new RunSettings(modelSha, norm.mean(), norm.std(), data.describe(),
              data.size(), calDescription, cfg.calibrationSteps(), cfg.timesteps(), cfg.seed(),
              cfg.readout().name(), cfg.kernel().name(), cfg.pjPerAc(), cfg.pjPerMac(), cfg.runtime(), cfg.timing(),
              cfg.tiles(), cfg.nodes(), cfg.placement(), conv, scale.label(), reset.name(), RunSettings.SEMANTICS,
              cfg.earlyExit().enabled() ? cfg.earlyExit().toString() : null));
          Optional<SnnReport> finished = cache.find(key);
          if (finished.isPresent()) {
            out.println("reusing the finished run " + label + " (" + cache.dir().resolve(key + ".json") + ")");
            out.flush();
            reports.add(finished.get());
            writeFiles(cfg, modelPath, data, calDescription, ann, reports, outDir, g);
            continue;
          }
          ConvertSettings cs = new ConvertSettings(conv.method(), conv.percentile(), cfg.calibrationImages(),
              cfg.calibrationSteps(), cfg.calibrationSeed(), conv.residual(), scale, conv.input(), reset, cfg.seed(),
              threads, cfg.actors(threads), null, conv.vInit(), conv.biasCalibrationSteps());
          ConvertedNetwork c = convertOrReuse(cache.conversion(key), label, out,
              () -> Converter.convert(g, modelPath, norm, classes, cal, calDescription, cs, command, line -> {
                out.println(line);
                out.flush();
              }));
          if (cfg.saveNetworks()) {
            ConvertedNetworkFile.write(c, outDir.resolve(slug(label) + ".snn"));
          }
          out.printf("  thresholds set in %.1f s; simulating %d images for %d timesteps%n", c.conversion().seconds(),
              data.size(), cfg.timesteps()[cfg.timesteps().length - 1]);
          out.flush();
          SimulateSettings ss = new SimulateSettings(cfg.timesteps(), reset, cfg.seed(), cfg.readout(), cfg.kernel(),
              threads, cfg.batch(), cfg.pjPerAc(), cfg.pjPerMac(), cfg.actors(threads), cfg.cluster(), cfg.earlyExit());
          SnnReport r = Pipeline.simulate(label, c, data, ss, ann, cache.snapshot(key), line -> {
            out.println("  " + line);
            out.flush();
          });
          out.println("  " + ReportTables.summary(r));
          out.flush();
          reports.add(r);
          cache.store(key, r);
          // Long experiments: the files are rewritten after every run, so partial results are never lost.
          writeFiles(cfg, modelPath, data, calDescription, ann, reports, outDir, g);
        }
      }
    }
    out.println();
    out.print(ReportTables.accuracy(reports));
    out.println();
    String clipping = ReportTables.clippingLoss(reports);
    if (!clipping.isEmpty()) {
      out.print(clipping);
      out.println();
    }
    TextTable costs = new TextTable("run", ">spikes/image", ">ACs/image", ">MACs/image", ">AC/MAC", ">SNN uJ/image",
        ">ANN uJ/image");
    for (SnnReport r : reports) {
      SnnReport.Totals t = r.totals();
      costs.row(r.label(), TextTable.count(Math.round((double) t.spikes() / r.images())),
          TextTable.count(Math.round((double) t.acs() / r.images())), TextTable.count(t.macsPerImage()),
          String.format("%.3f", t.acPerMac()), String.format("%.3f", t.snnMicrojoulesPerImage()),
          String.format("%.3f", t.annMicrojoulesPerImage()));
    }
    out.print(costs.render());
    for (SnnReport r : reports) {
      out.println();
      out.println(r.label() + ":");
      out.print(ReportTables.layers(r));
    }
    out.println();
    out.println("wrote " + outDir.toAbsolutePath() + ": report.json, report.md, accuracy.csv, layers.csv, accuracy.png, "
        + "spikes_per_neuron.png" + (cfg.saveNetworks() ? ", *.snn" : ""));
    out.flush();
    return reports;
  }

  /** Something that converts (and may fail with an I/O error). */
  private interface Conversion {
    ConvertedNetwork convert() throws IOException;
  }

  /** The converted network an interrupted run left in {@code file}, or a new conversion saved there. */
  private static ConvertedNetwork convertOrReuse(Path file, String label, PrintWriter out, Conversion conversion)
      throws IOException {
    if (Files.isRegularFile(file)) {
      out.println("resuming " + label + " with its converted network " + file);
      out.flush();
      return ConvertedNetworkFile.read(file);
    }
    out.println("converting: " + label);
    out.flush();
    ConvertedNetwork c = conversion.convert();
    ConvertedNetworkFile.write(c, file);
    return c;
  }

  private static void writeFiles(ExperimentConfig cfg, Path modelPath, ImageDataset data, String calDescription,
                                 double ann, List<SnnReport> reports, Path outDir, Graph g) throws IOException {
    String beyond = io.deepsnn.network.graph.BeyondThePaper.describe(g);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("experiment", cfg.name());
    root.put("model", modelPath.toString());
    root.put("data", data.describe());
    root.put("calibration", calDescription);
    root.put("ann_accuracy", ann);
    if (!beyond.isEmpty()) {
      root.put("beyond_the_paper", beyond);
    }
    root.put("runs", reports);
    ReportFiles.writeAll(outDir, cfg.name(), root, reports, beyond);
    Plots.accuracy(reports, cfg.name() + ": accuracy vs timesteps", outDir.resolve("accuracy.png"));
    Plots.spikesPerNeuron(reports, cfg.name() + ": spikes per neuron per image", outDir.resolve("spikes_per_neuron.png"));
  }

  private static Normalization normalization(ExperimentConfig cfg, Optional<ModelMetadata> meta) {
    if (cfg.mean().length > 0 || cfg.std().length > 0) {
      return new Normalization(cfg.mean(), cfg.std());
    }
    if (meta.isPresent() && meta.get().mean().length > 0) {
      return new Normalization(meta.get().mean(), meta.get().std());
    }
    throw new IllegalArgumentException("no input normalisation: set deepsnn.experiment.mean and std, or put them in "
        + "the model's JSON");
  }

  private static ImageDataset open(Path path, String split, Shape input, ExperimentConfig cfg) {
    DataShaping shaping = new DataShaping("data.crop", "data.resize");
    DatasetOptions o = shaping.options(path, split, input, cfg.crop(), cfg.resize());
    return shaping.checked(BundledDemo.named(Datasets.open(path, o), path, split), path, input);
  }

  /** A file-name form of a run label. */
  static String slug(String label) {
    return label.toLowerCase().replaceAll("[^a-z0-9.]+", "-").replaceAll("(^-|-$)", "");
  }
}
