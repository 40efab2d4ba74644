package io.deepsnn.network.ann;

import io.deepsnn.network.graph.Add;
import io.deepsnn.network.graph.AvgPool;
import io.deepsnn.network.graph.Conv2d;
import io.deepsnn.network.graph.Dense;
import io.deepsnn.network.graph.Flatten;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.graph.Input;
import io.deepsnn.network.graph.Node;
import io.deepsnn.network.graph.Op;
import io.deepsnn.network.graph.Relu;
import io.deepsnn.network.graph.ZeroPadShortcut;

/**
 * Evaluates the ANN graph on one image with the dense {@link AnnKernels}. Stateless and
 * thread-safe: every call allocates its own activations.
 */
public final class AnnInference {
  private final Graph graph;

  /** Inference over {@code graph}. */
  public AnnInference(Graph graph) {
    this.graph = graph;
  }

  /** The graph evaluated. */
  public Graph graph() {
    return graph;
  }

  /** The output (class scores) for one normalised input image in C×H×W order. */
  public float[] forward(float[] input) {
    return forwardAll(input)[graph.output().id()];
  }

  /**
   * Every node's output for one image, indexed by node id; flattening nodes share their input's
   * array. Data-based threshold balancing reads the ReLU outputs from here.
   */
  public float[][] forwardAll(float[] input) {
    if (input.length != graph.inputShape().size()) {
      throw new IllegalArgumentException("input has " + input.length + " values, the graph expects "
          + graph.inputShape().size() + " (" + graph.inputShape() + ")");
    }
    float[][] act = new float[graph.size()][];
    for (Node n : graph.nodes()) {
      int size = n.shape().size();
      float[] in = n.inputs().length > 0 ? act[n.input()] : null;
      Op op = n.op();
      if (op instanceof Input) {
        act[n.id()] = input;
      } else if (op instanceof Flatten) {
        act[n.id()] = in;
      } else {
        float[] out = new float[size];
        act[n.id()] = out;
        if (op instanceof Conv2d c) {
          AnnKernels.conv2d(c, in, graph.node(n.input()).shape(), out, n.shape());
        } else if (op instanceof Dense d) {
          AnnKernels.dense(d, in, out);
        } else if (op instanceof Relu r && r.clipped()) {
          AnnKernels.clippedRelu(in, out, size, r.clipLevel());
        } else if (op instanceof Relu) {
          AnnKernels.relu(in, out, size);
        } else if (op instanceof AvgPool a) {
          AnnKernels.avgPool(a, in, graph.node(n.input()).shape(), out, n.shape());
        } else if (op instanceof io.deepsnn.network.graph.MaxPool m) {
          AnnKernels.maxPool(m, in, graph.node(n.input()).shape(), out, n.shape());
        } else if (op instanceof Add) {
          AnnKernels.add(act[n.inputs()[0]], act[n.inputs()[1]], out, size);
        } else if (op instanceof ZeroPadShortcut s) {
          AnnKernels.shortcut(s, in, graph.node(n.input()).shape(), out, n.shape());
        } else {
          throw new IllegalStateException("no kernel for " + op);
        }
      }
    }
    return act;
  }
}
