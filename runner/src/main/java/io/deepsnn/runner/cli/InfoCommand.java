package io.deepsnn.runner.cli;

import io.deepsnn.network.graph.Conv2d;
import io.deepsnn.network.graph.Dense;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.graph.Node;
import io.deepsnn.runner.report.JsonFiles;
import io.deepsnn.runner.report.TextTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code snn info}: the imported graph, one row per layer, with parameters and MACs per image. */
@Command(name = "info", mixinStandardHelpOptions = true,
    description = "Import an ONNX model and print its layers: kind, output shape, parameters and MACs per image.")
public final class InfoCommand implements Callable<Integer> {
  @Parameters(arity = "0..1", paramLabel = "MODEL.onnx", description = "The model (default: the bundled one).")
  Path positionalModel;

  @Mixin
  ModelOptions modelOptions;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the table as JSON.")
  Path json;


  /** One row of the table; {@code bias}: the layer has a bias (a current in the SNN, SEMANTICS §7). */
  public record LayerRow(String name, String kind, int[] outputShape, long parameters, long macs, boolean bias) {
  }

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    OutputPaths.file(json, "--json");
    if (positionalModel != null) {
      modelOptions.model = positionalModel;
    }
    ModelOptions.LoadedModel m = modelOptions.load();
    Graph g = m.onnx().graph();
    List<LayerRow> rows = new ArrayList<>();
    TextTable table = new TextTable("name", "kind", "bias", ">output", ">parameters", ">MACs/image");
    int biased = 0;
    int clipped = 0;
    for (Node n : g.nodes()) {
      boolean bias = n.op() instanceof Conv2d c && c.hasBias() || n.op() instanceof Dense d && d.hasBias();
      biased += bias ? 1 : 0;
      boolean clip = n.op() instanceof io.deepsnn.network.graph.Relu relu && relu.clipped();
      clipped += clip ? 1 : 0;
      String kind = clip ? String.format(java.util.Locale.ROOT, "relu≤%.4g", ((io.deepsnn.network.graph.Relu) n.op()).clipLevel())
          : n.op().kind();
      LayerRow r = new LayerRow(n.name(), kind,
          new int[] {n.shape().channels(), n.shape().height(), n.shape().width()}, n.op().parameters(), g.macs(n),
          bias);
      rows.add(r);
      table.row(r.name(), r.kind(), bias ? "yes" : "", n.shape(), TextTable.count(r.parameters()),
          TextTable.count(r.macs()));
    }
    table.separator().row("total", "", "", "", TextTable.count(g.totalParameters()), TextTable.count(g.totalMacs()));
    out.println(m.path().getFileName() + " (opset " + m.onnx().opset() + ", " + m.onnx().producer()
        + "): input " + g.inputShape() + ", output " + g.outputShape());
    out.print(table.render());
    if (biased > 0) {
      out.println(biased + " layer(s) carry a bias (BatchNorm folded in where there was one): in the SNN a constant "
          + "current each timestep, beyond the paper (SEMANTICS §7; --bias refuse keeps the paper's strictness)");
    }
    if (clipped > 0) {
      out.println(clipped + " ReLU(s) carry a trained clip level (relu≤λ, from Clip(0, λ)): convert --method clip "
          + "takes λ as the layer's scale, beyond the paper (SEMANTICS §7)");
    }
    if (json != null) {
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("model", m.path().toString());
      report.put("opset", m.onnx().opset());
      report.put("input_shape", new int[] {g.inputShape().channels(), g.inputShape().height(), g.inputShape().width()});
      report.put("layers", rows);
      report.put("total_parameters", g.totalParameters());
      report.put("total_macs", g.totalMacs());
      JsonFiles.write(json, report);
    }
    out.flush();
    return 0;
  }
}
