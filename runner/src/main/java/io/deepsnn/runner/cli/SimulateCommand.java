package io.deepsnn.runner.cli;

import io.deepsnn.network.ann.AnnEvaluator;
import io.deepsnn.network.convert.ConvertedNetwork;
import io.deepsnn.network.convert.ConvertedNetworkFile;
import io.deepsnn.network.data.Datasets;
import io.deepsnn.network.data.ImageDataset;
import io.deepsnn.runner.pipeline.Pipeline;
import io.deepsnn.runner.pipeline.SimulateSettings;
import io.deepsnn.runner.report.JsonFiles;
import io.deepsnn.runner.report.Plots;
import io.deepsnn.runner.report.ReportFiles;
import io.deepsnn.runner.report.ReportTables;
import io.deepsnn.runner.report.SnnReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code snn simulate}: run a converted network on a data set and report accuracy, spikes and cost. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Simulate a converted network (.snn) and report accuracy vs timesteps, spikes per layer, "
        + "synaptic operations and energy.")
public final class SimulateCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NET.snn", description = "A network written by 'snn convert'.")
  Path network;

  @Mixin
  DataOptions dataOptions;

  @Mixin
  SimulateOptions simulateOptions;

  @Option(names = "--images", paramLabel = "N", description = "Simulate the first N images only.")
  int images;


  @Option(names = "--no-ann", description = "Do not measure the ANN's accuracy on the same images.")
  boolean noAnn;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON.")
  Path json;

  @Option(names = "--out", paramLabel = "DIR", description = "Write report.json, CSV files and PNG plots here.")
  Path outDir;


  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    OutputPaths.file(json, "--json");
    OutputPaths.folder(outDir, "--out");
    int nThreads = common.threads();
    SimulateSettings settings = simulateOptions.settings(nThreads);
    ConvertedNetwork c = ConvertedNetworkFile.read(network);
    if (dataOptions.mean != null || dataOptions.std != null) {
      throw new IllegalArgumentException("--mean/--std cannot apply to simulate: the normalisation is stored in "
          + network + " (mean " + java.util.Arrays.toString(c.normalization().mean()) + ", std "
          + java.util.Arrays.toString(c.normalization().std()) + "); convert again to change it");
    }
    ImageDataset data = dataOptions.open(c.graph().inputShape());
    if (images < 0) {
      throw new IllegalArgumentException("--images must not be negative");
    }
    if (images > 0) {
      data = Datasets.limit(data, images);
    }
    double ann = Double.NaN;
    if (!noAnn) {
      ann = new AnnEvaluator(c.graph(), c.normalization(), nThreads).evaluate(data, n -> { }).top1();
    }
    String label = c.conversion().method() + " / " + Pipeline.options(c, settings).reset().name().toLowerCase();
    PrintWriter err = spec.commandLine().getErr();
    SnnReport r = Pipeline.simulate(label, c, data, settings, ann, null, line -> {
      err.println(line);
      err.flush();
    });
    out.println(network.getFileName() + " on " + data.describe());
    String beyond = io.deepsnn.network.graph.BeyondThePaper.describe(c.graph());
    if (!beyond.isEmpty()) {
      out.println(beyond);
    }
    out.print(ReportTables.accuracy(List.of(r)));
    out.println();
    String exits = ReportTables.earlyExit(r);
    if (!exits.isEmpty()) {
      out.print(exits);
      out.println();
    }
    out.print(ReportTables.layers(r));
    out.println(ReportTables.summary(r));
    if (json != null) {
      JsonFiles.write(json, r);
    }
    if (outDir != null) {
      ReportFiles.writeAll(outDir, String.valueOf(network.getFileName()), r, List.of(r),
          io.deepsnn.network.graph.BeyondThePaper.describe(c.graph()));
      Plots.accuracy(List.of(r), "Accuracy vs timesteps: " + network.getFileName(), outDir.resolve("accuracy.png"));
      Plots.spikesPerNeuron(List.of(r), "Spikes per neuron per image", outDir.resolve("spikes_per_neuron.png"));
      out.println("wrote " + outDir.resolve("report.json") + ", report.md, accuracy.csv, layers.csv, accuracy.png, "
          + "spikes_per_neuron.png");
    }
    out.flush();
    return 0;
  }
}
