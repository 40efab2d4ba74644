package io.deepsnn.network.snn;

import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.graph.Shape;
import java.util.List;

/**
 * The converted network's structure: its IF layers in topological order (layer 0 is the input
 * encoder, the last is the output) and the projections between them, compiled from the ANN graph
 * by {@link SnnCompiler}. Thresholds live apart, in {@link Thresholds}, so that one structure
 * serves every balancing method.
 */
public final class SpikingNetwork {
  private final Graph graph;
  private final List<SpikingLayer> layers;

  SpikingNetwork(Graph graph, List<SpikingLayer> layers) {
    this.graph = graph;
    this.layers = List.copyOf(layers);
  }

  /** Compiles {@code graph}. */
  public static SpikingNetwork compile(Graph graph) {
    return SnnCompiler.compile(graph);
  }

  /** The ANN it was compiled from. */
  public Graph graph() {
    return graph;
  }

  private volatile Graph biasFree;

  /** The ANN without its biases (made once): the analog input's synaptic part. */
  public Graph biasFreeGraph() {
    Graph g = biasFree;
    if (g == null) {
      g = graph.withoutBiases();
      biasFree = g;
    }
    return g;
  }

  /** Whether any projection carries a bias (SEMANTICS §7). */
  public boolean hasBiases() {
    return layers.stream().anyMatch(l -> l.projections().stream().anyMatch(p -> p.bias() != null));
  }

  /** All layers; index 0 is the input. */
  public List<SpikingLayer> layers() {
    return layers;
  }

  /** Layer by index. */
  public SpikingLayer layer(int i) {
    return layers.get(i);
  }

  /** Number of layers including the input. */
  public int size() {
    return layers.size();
  }

  /** Index of the output layer (the last). */
  public int outputIndex() {
    return layers.size() - 1;
  }

  /** Shape of an input image. */
  public Shape inputShape() {
    return layers.get(0).shape();
  }

  /** Number of classes. */
  public int classes() {
    return layers.get(outputIndex()).neurons();
  }
}
