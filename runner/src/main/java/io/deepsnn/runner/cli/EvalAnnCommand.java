package io.deepsnn.runner.cli;

import io.deepsnn.runner.pipeline.Progress;
import io.deepsnn.network.ann.AnnEvaluator;
import io.deepsnn.network.data.ImageDataset;
import io.deepsnn.network.data.Datasets;
import io.deepsnn.network.data.Normalization;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.onnx.ModelMetadata;
import io.deepsnn.runner.report.JsonFiles;
import io.deepsnn.runner.report.TextTable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code snn eval-ann}: the ANN's accuracy on a data set, computed by the Java kernels. */
@Command(name = "eval-ann", mixinStandardHelpOptions = true,
    description = "Measure the ANN's top-1 accuracy (and top-5 with more than 10 classes) on a data set.")
public final class EvalAnnCommand implements Callable<Integer> {
  @Mixin
  ModelOptions modelOptions;

  @Mixin
  DataOptions dataOptions;

  @Option(names = "--limit", paramLabel = "N",
      description = "Evaluate only the first N images (default: all).")
  int limit;


  @Option(names = "--json", paramLabel = "FILE", description = "Also write the result as JSON.")
  Path json;


  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    OutputPaths.file(json, "--json");
    ModelOptions.LoadedModel m = modelOptions.load();
    Graph g = m.onnx().graph();
    Normalization norm = dataOptions.normalization(m.metadata());
    ImageDataset data = dataOptions.open(g.inputShape());
    if (limit < 0) {
      throw new IllegalArgumentException("--limit must not be negative");
    }
    if (limit > 0) {
      data = Datasets.limit(data, limit);
    }
    int nThreads = common.threads();
    long start = System.nanoTime();
    AnnEvaluator.Result r;
    try (Progress progress = Progress.start("ANN", data.size())) {
      r = new AnnEvaluator(g, norm, nThreads).evaluate(data, progress::step);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    out.println("model: " + m.path().getFileName() + "   data: " + data.describe());
    out.println("normalisation: " + norm);
    out.printf("ANN top-1 accuracy: %s (%d/%d)%n", TextTable.percent(r.top1()), r.top1Correct(), r.images());
    if (r.classes() > 10) {
      out.printf("ANN top-5 accuracy: %s (%d/%d)%n", TextTable.percent(r.top5()), r.top5Correct(), r.images());
    }
    m.metadata().filter(md -> md.subsetImages() == r.images() && md.subsetCorrect() >= 0)
        .ifPresent(md -> out.printf("PyTorch reported on %s: %s (%d/%d)%n", md.subsetDescription(),
            TextTable.percent((double) md.subsetCorrect() / md.subsetImages()), md.subsetCorrect(), md.subsetImages()));
    out.printf("%.1f s, %.0f images/s on %d thread(s)%n", seconds, r.images() / seconds, nThreads);
    if (json != null) {
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("model", m.path().toString());
      report.put("data", data.describe());
      report.put("images", r.images());
      report.put("top1_correct", r.top1Correct());
      report.put("top1_accuracy", r.top1());
      if (r.classes() > 10) {
        report.put("top5_correct", r.top5Correct());
        report.put("top5_accuracy", r.top5());
      }
      report.put("seconds", seconds);
      report.put("threads", nThreads);
      report.put("reference_accuracy", m.metadata().map(ModelMetadata::testAccuracy).orElse(Double.NaN));
      JsonFiles.write(json, report);
    }
    out.flush();
    return 0;
  }
}
