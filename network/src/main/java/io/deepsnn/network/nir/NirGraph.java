package io.deepsnn.network.nir;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A NIR graph as its HDF5 file holds it (NIR's {@code nir/serialization.py}): named nodes, the
 * identity edges between them (a node with several incoming edges receives their sum), and the
 * graph's metadata.
 *
 * @param version the NIR version in the file's root {@code version} dataset
 * @param nodes nodes by name, in the order written or read
 * @param edges (source, target) pairs
 * @param metadata the graph's metadata datasets
 */
public record NirGraph(String version, Map<String, NirNode> nodes, List<Edge> edges, Map<String, NirTensor> metadata) {
  /** The NIR release whose file layout this project writes. */
  public static final String NIR_VERSION = "1.0.7";

  /** An edge from node {@code from} to node {@code to}. */
  public record Edge(String from, String to) {
  }

  /** Copies the collections, keeping their order. */
  public NirGraph {
    nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    edges = List.copyOf(edges);
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** The node called {@code name}, or a {@link NirException} naming it. */
  public NirNode node(String name) {
    NirNode n = nodes.get(name);
    if (n == null) {
      throw new NirException("the graph has no node '" + name + "'");
    }
    return n;
  }

  /** The sources of the edges into {@code name}, in edge order. */
  public List<String> inputsOf(String name) {
    return edges.stream().filter(e -> e.to().equals(name)).map(Edge::from).toList();
  }

  /** The targets of the edges out of {@code name}, in edge order. */
  public List<String> outputsOf(String name) {
    return edges.stream().filter(e -> e.from().equals(name)).map(Edge::to).toList();
  }
}
