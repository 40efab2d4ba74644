package io.deepsnn.runner.cli;

import io.deepsnn.network.convert.ConvertedNetwork;
import io.deepsnn.network.convert.ConvertedNetworkFile;
import io.deepsnn.network.data.ImageDataset;
import io.deepsnn.network.data.Normalization;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.snn.SnnInput;
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
    ModelOptions.LoadedModel m = modelOptions.load();
    Graph g = m.onnx().graph();
    Normalization norm = dataOptions.normalization(m.metadata());
    ImageDataset data = dataOptions.open(g.inputShape(), "train");
    List<SnnInput> cal = Images.calibration(data, norm, settings.calibrationImages(), settings.calibrationSeed());
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
}
