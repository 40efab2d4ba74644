package io.deepsnn.network.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An immutable, shape-checked, feed-forward ANN graph in topological order, with exactly one
 * input node and one output node. Built by {@link GraphBuilder}; read by the kernels, the
 * simulators and the exporters.
 */
public final class Graph {
  private final List<Node> nodes;
  private final int outputId;
  private final List<List<Integer>> consumers;

  Graph(List<Node> nodes, int outputId) {
    this.nodes = List.copyOf(nodes);
    this.outputId = outputId;
    List<List<Integer>> c = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      c.add(new ArrayList<>());
    }
    for (Node n : nodes) {
      for (int in : n.inputs()) {
        c.get(in).add(n.id());
      }
    }
    List<List<Integer>> frozen = new ArrayList<>();
    for (List<Integer> l : c) {
      frozen.add(Collections.unmodifiableList(l));
    }
    this.consumers = Collections.unmodifiableList(frozen);
  }

  /** All nodes, in topological order; {@code nodes().get(i).id() == i}. */
  public List<Node> nodes() {
    return nodes;
  }

  /** Node by id. */
  public Node node(int id) {
    return nodes.get(id);
  }

  /** Number of nodes. */
  public int size() {
    return nodes.size();
  }

  /** The input node (always id 0). */
  public Node input() {
    return nodes.get(0);
  }

  /** The output node. */
  public Node output() {
    return nodes.get(outputId);
  }

  /** Shape of one input image. */
  public Shape inputShape() {
    return input().shape();
  }

  /** Shape of the output (the class scores). */
  public Shape outputShape() {
    return output().shape();
  }

  /** Ids of the nodes that read node {@code id}'s output. */
  public List<Integer> consumers(int id) {
    return consumers.get(id);
  }

  /** Input shapes of a node, in input order. */
  public List<Shape> inputShapes(Node n) {
    List<Shape> s = new ArrayList<>(n.inputs().length);
    for (int in : n.inputs()) {
      s.add(nodes.get(in).shape());
    }
    return s;
  }

  /** MACs of a node per image (SEMANTICS §6). */
  public long macs(Node n) {
    return n.op().macs(inputShapes(n), n.shape());
  }

  /** Total MACs per image over all nodes. */
  public long totalMacs() {
    long total = 0;
    for (Node n : nodes) {
      total += macs(n);
    }
    return total;
  }

  /** Total number of weights. */
  public long totalParameters() {
    long total = 0;
    for (Node n : nodes) {
      total += n.op().parameters();
    }
    return total;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Graph[\n");
    for (Node n : nodes) {
      sb.append("  ").append(n).append('\n');
    }
    return sb.append("] output #").append(outputId).toString();
  }

  /** This graph with every bias removed (the analog input's synaptic part, SEMANTICS §7). */
  public Graph withoutBiases() {
    if (nodes.stream().noneMatch(n -> n.op() instanceof Conv2d c && c.hasBias()
        || n.op() instanceof Dense d && d.hasBias())) {
      return this;
    }
    List<Node> copy = new java.util.ArrayList<>();
    for (Node n : nodes) {
      Op op = n.op() instanceof Conv2d c ? c.with(c.weights(), null)
          : n.op() instanceof Dense d ? d.with(d.weights(), null) : n.op();
      copy.add(new Node(n.id(), n.name(), op, n.inputs(), n.shape()));
    }
    return new Graph(copy, output().id());
  }
}
