package io.deepsnn.runner.cli;

import io.deepsnn.network.convert.ConvertedNetwork;
import io.deepsnn.network.convert.ConvertedNetworkFile;
import io.deepsnn.network.nir.NirException;
import io.deepsnn.network.nir.NirExporter;
import io.deepsnn.network.nir.NirFiles;
import io.deepsnn.network.nir.NirGraph;
import io.deepsnn.network.nir.NirNode;
import io.deepsnn.runner.pipeline.Converter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code snn export-nir}: a converted network as a NIR graph (HDF5), the format other SNN
 * simulators and neuromorphic toolchains read (docs/SEMANTICS.md §8, README "Hardware toolchains").
 */
@Command(name = "export-nir", mixinStandardHelpOptions = true,
    description = "Write a converted network (.snn) as a NIR graph (HDF5, NIR's own layout) for other SNN "
        + "simulators and neuromorphic toolchains: Conv2d, Affine, AvgPool2d, Flatten and IF nodes; what NIR "
        + "cannot express (reset by subtraction, an initial potential, max-pool gating) is refused.")
public final class ExportNirCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NET.snn", description = "The converted network.")
  Path network;

  @Option(names = {"-o", "--output"}, paramLabel = "NET.nir", required = true, description = "Where to write.")
  Path output;

  @Option(names = "--verbose", description = "Print stack traces on errors.")
  boolean verbose;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    OutputPaths.file(output, "-o");
    ConvertedNetwork c = ConvertedNetworkFile.read(network);
    NirGraph g;
    try {
      g = NirExporter.export(c, Converter.VERSION);
    } catch (NirException e) {
      throw new NirException(network + ": " + e.getMessage(), e);
    }
    NirFiles.write(g, output);
    Map<String, Integer> kinds = new TreeMap<>();
    for (NirNode n : g.nodes().values()) {
      kinds.merge(n.type(), 1, Integer::sum);
    }
    StringBuilder list = new StringBuilder();
    kinds.forEach((k, v) -> list.append(list.length() == 0 ? "" : ", ").append(v).append(' ').append(k));
    out.printf("wrote %s (NIR %s): %d nodes (%s), %d edges%n", output, g.version(), g.nodes().size(), list,
        g.edges().size());
    out.printf("input: x / %.6g as a rate code (the encoding is yours: NIR carries the network; λ_in, the "
        + "normalisation and the seed are in the graph's metadata)%n", c.conversion().inputScale());
    out.println("thresholds: v_threshold is θ less one 2^-32 step, so NIR's v > v_threshold fires where this "
        + "simulator's v ≥ θ does; biases are the currents added every timestep");
    out.flush();
    return 0;
  }
}
