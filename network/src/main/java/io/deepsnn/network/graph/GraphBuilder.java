package io.deepsnn.network.graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds a {@link Graph} node by node, inferring and checking each node's shape as it is added,
 * so that a bad model is refused at the node where it goes wrong. Nodes that do not lead to the
 * output are dropped by {@link #build(int)}.
 */
public final class GraphBuilder {
  private final List<Node> nodes = new ArrayList<>();
  private final Set<String> names = new HashSet<>();

  /** Starts a graph with its input node (id 0). */
  public GraphBuilder(String inputName, Shape inputShape) {
    nodes.add(new Node(0, inputName, new Input(inputShape), new int[0], inputShape));
    names.add(inputName);
  }

  /**
   * Adds a node and returns its id.
   *
   * @throws GraphException naming the node when the inputs do not fit the op
   */
  public int add(String name, Op op, int... inputs) {
    String unique = uniqueName(name);
    if (op instanceof Input) {
      throw new GraphException("node '" + unique + "': a graph has exactly one input");
    }
    if (inputs.length != op.arity()) {
      throw new GraphException("node '" + unique + "' (" + op.kind() + ") takes " + op.arity()
          + " input(s), got " + inputs.length);
    }
    List<Shape> shapes = new ArrayList<>();
    for (int in : inputs) {
      if (in < 0 || in >= nodes.size()) {
        throw new GraphException("node '" + unique + "' reads unknown node #" + in);
      }
      shapes.add(nodes.get(in).shape());
    }
    Shape out;
    try {
      out = op.outputShape(shapes);
    } catch (IllegalArgumentException e) {
      throw new GraphException("node '" + unique + "' (" + op.kind() + "): " + e.getMessage());
    }
    int id = nodes.size();
    nodes.add(new Node(id, unique, op, inputs.clone(), out));
    names.add(unique);
    return id;
  }

  /**
   * Replaces the op of node {@code id} by {@code op} of the same kind and output shape (a bias or
   * a BatchNorm folded into the conv or fully connected layer before it).
   *
   * @throws GraphException when the shapes or kinds differ
   */
  public void replaceOp(int id, Op op) {
    Node n = nodes.get(id);
    List<Shape> shapes = new ArrayList<>();
    for (int in : n.inputs()) {
      shapes.add(nodes.get(in).shape());
    }
    if (!n.op().kind().equals(op.kind()) || !op.outputShape(shapes).equals(n.shape())) {
      throw new GraphException("node '" + n.name() + "': cannot replace " + n.op() + " by " + op);
    }
    nodes.set(id, new Node(id, n.name(), op, n.inputs(), n.shape()));
  }

  /** Shape of an already added node. */
  public Shape shape(int id) {
    return nodes.get(id).shape();
  }

  /** The node added under {@code id}. */
  public Node node(int id) {
    return nodes.get(id);
  }

  /**
   * Finishes the graph with {@code outputId} as its output, keeping only the nodes the output
   * depends on (renumbered, order kept).
   */
  public Graph build(int outputId) {
    if (outputId <= 0 || outputId >= nodes.size()) {
      throw new GraphException("the graph output must be a node other than the input");
    }
    boolean[] live = new boolean[nodes.size()];
    live[outputId] = true;
    live[0] = true;
    for (int i = outputId; i > 0; i--) {
      if (live[i]) {
        for (int in : nodes.get(i).inputs()) {
          live[in] = true;
        }
      }
    }
    int[] newId = new int[nodes.size()];
    List<Node> kept = new ArrayList<>();
    for (Node n : nodes) {
      if (!live[n.id()]) {
        continue;
      }
      int[] ins = new int[n.inputs().length];
      for (int k = 0; k < ins.length; k++) {
        ins[k] = newId[n.inputs()[k]];
      }
      newId[n.id()] = kept.size();
      kept.add(new Node(kept.size(), n.name(), n.op(), ins, n.shape()));
    }
    return new Graph(kept, newId[outputId]);
  }

  private String uniqueName(String name) {
    String base = (name == null || name.isBlank()) ? "node" + nodes.size() : name;
    String candidate = base;
    for (int k = 2; names.contains(candidate); k++) {
      candidate = base + "_" + k;
    }
    return candidate;
  }
}
