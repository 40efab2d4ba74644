package io.deepsnn.runner.cli;

import io.deepsnn.network.convert.ConvertedNetwork;
import io.deepsnn.network.convert.ConvertedNetworkFile;
import io.deepsnn.network.data.ImageDataset;
import io.deepsnn.network.data.Normalization;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.nir.NirNetwork;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.normalizer.InputScaleRule;
import io.deepsnn.runner.pipeline.ConvertSettings;
import io.deepsnn.runner.pipeline.Converter;
import io.deepsnn.runner.pipeline.Images;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code snn convert}: balance thresholds and save the converted network. */
@Command(name = "convert", mixinStandardHelpOptions = true,
    description = "Convert an ONNX ANN into a spiking network (threshold balancing) and save it as a .snn file.")
public final class ConvertCommand implements Callable<Integer> {
  @Mixin
  ModelOptions modelOptions;

  @Mixin
  DataOptions dataOptions;

  @Mixin
  ConvertOptions convertOptions;

  @Option(names = {"-o", "--output"}, paramLabel = "NET.snn", required = true, description = "Where to save.")
  Path output;



  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    OutputPaths.file(output, "-o");
    int nThreads = common.threads();
    ConvertSettings settings = convertOptions.settings(nThreads);
    if (modelOptions.isNir() && !convertOptions.given("--method")) {
      return keepNirThresholds(settings, out);
    }
    ModelOptions.LoadedModel m = modelOptions.load();
    Graph g = m.onnx().graph();
    Normalization norm = dataOptions.normalization(m.metadata());
    ImageDataset data = dataOptions.open(g.inputShape(), "train");
    List<SnnInput> cal = Images.calibration(data, norm, settings.calibrationImages(), settings.calibrationSeed());
    if (m.isNir() && !m.nir().orElseThrow().fromDeepSnn()) {
      // A graph from another tool holds currents: its ANN biases follow from the λ_in balancing will use.
      m = modelOptions.load(settings.inputScale().scale(norm, cal));
      g = m.graph();
    }
    String calDescription = (settings.calibrationSeed() == null ? "first " : "random (seed " + settings.calibrationSeed()
        + ") ") + cal.size() + " images of " + data.describe();
    List<String> classes = m.metadata().map(md -> md.classNames()).filter(l -> !l.isEmpty()).orElse(data.classNames());
    out.println("converting " + m.path().getFileName() + " with " + settings.method().label() + " on " + calDescription);
    out.flush();
    ConvertedNetwork c = Converter.convert(g, m.path(), norm, classes, cal, calDescription, settings,
        String.join(" ", spec.commandLine().getParseResult().originalArgs()), line -> {
          out.println(line);
          out.flush();
        });
    ConvertedNetworkFile.write(c, output);
    out.printf("input scale %.6g (%s); wrote %s in %.1f s%n", c.conversion().inputScale(),
        c.conversion().inputScaleRule(), output, c.conversion().seconds());
    out.flush();
    return 0;
  }

  /**
   * A NIR graph with its own thresholds: no balancing, so no calibration images unless λ_in must
   * be measured on them. λ_in, the seed and the input encoding are the file's unless given.
   */
  private int keepNirThresholds(ConvertSettings settings, PrintWriter out) throws Exception {
    ModelOptions.LoadedModel m = modelOptions.load();
    NirNetwork nir = m.nir().orElseThrow();
    InputScaleRule rule = settings.inputScale();
    if (nir.fromDeepSnn() && convertOptions.given("--input-scale")) {
      throw new IllegalArgumentException("--input-scale: the thresholds of " + m.path() + " were balanced for its "
          + "λ_in = " + nir.inputScale() + "; give --method to rebalance it with another input scale");
    }
    boolean measure = !nir.fromDeepSnn();
    boolean needsImages = measure && rule.kind() != InputScaleRule.Kind.RANGE && rule.kind() != InputScaleRule.Kind.ONE;
    convertOptions.refuseBalancingOptions(m.path(), needsImages);
    List<String> classes = m.metadata().map(md -> md.classNames()).orElse(List.of());
    if (!dataOptions.isBundled() && !needsImages && !classes.isEmpty()) {
      throw new IllegalArgumentException("--data: the thresholds, λ_in and class names of " + m.path() + " are the "
          + "file's, so no image is read; give --method to rebalance the graph on the data");
    }
    Normalization norm = dataOptions.normalization(m.metadata());
    String ruleLabel = "nir";
    if (measure) {
      List<SnnInput> cal = needsImages ? Images.calibration(dataOptions.open(m.graph().inputShape(), "train"), norm,
          settings.calibrationImages(), settings.calibrationSeed()) : List.of();
      // The graph's currents stay; the ANN biases of the saved graph follow from this λ_in.
      nir = modelOptions.load(rule.scale(norm, cal)).nir().orElseThrow();
      ruleLabel = rule.label();
    }
    if (classes.isEmpty() && !dataOptions.isBundled()) {
      classes = dataOptions.open(m.graph().inputShape()).classNames();
    }
    long seed = convertOptions.given("--seed") ? settings.seed() : nir.seed().orElse(settings.seed());
    String input = convertOptions.given("--input") ? ConvertSettings.label(settings.input())
        : nir.inputMode();
    ConvertedNetwork c = Converter.fromNir(nir, m.path(), norm, classes, ruleLabel, input, seed,
        String.join(" ", spec.commandLine().getParseResult().originalArgs()));
    ConvertedNetworkFile.write(c, output);
    out.printf("kept the thresholds of %d IF layers from %s (%s); input scale %.6g (%s), seed %d; wrote %s%n",
        c.layers().size(), m.path().getFileName(), m.onnx().producer(), c.conversion().inputScale(), ruleLabel, seed,
        output);
    out.flush();
    return 0;
  }
}
