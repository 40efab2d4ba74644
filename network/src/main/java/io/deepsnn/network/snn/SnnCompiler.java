package io.deepsnn.network.snn;

import io.deepsnn.network.graph.Add;
import io.deepsnn.network.graph.AvgPool;
import io.deepsnn.network.graph.MaxPool;
import io.deepsnn.network.graph.Conv2d;
import io.deepsnn.network.graph.Dense;
import io.deepsnn.network.graph.Flatten;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.graph.GraphException;
import io.deepsnn.network.graph.Input;
import io.deepsnn.network.graph.Node;
import io.deepsnn.network.graph.Op;
import io.deepsnn.network.graph.Relu;
import io.deepsnn.network.graph.Shape;
import io.deepsnn.network.graph.ZeroPadShortcut;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles an ANN graph into a {@link SpikingNetwork}. Every ReLU becomes an IF layer, and so do
 * the output node and any residual Add that has no ReLU after it. Between two IF layers the ANN
 * must be linear and of the form [average pool] (flatten) [conv | fully connected] — or a
 * parameter-free shortcut — with Adds summing such paths at a junction; anything else (two
 * synaptic layers in a row without a ReLU, a pool after a conv) has no spiking equivalent here and
 * is refused with the node named.
 */
final class SnnCompiler {
  private final Graph graph;
  private final Map<Integer, Integer> layerOfNode = new HashMap<>();
  private final List<SpikingLayer> layers = new ArrayList<>();
  private boolean[] spiking;

  private SnnCompiler(Graph graph) {
    this.graph = graph;
  }

  static SpikingNetwork compile(Graph graph) {
    return new SnnCompiler(graph).run();
  }

  /** A linear path from a source layer: the ops applied to its spikes, in order. */
  private record Term(int sourceLayer, List<Node> ops) {
    Term then(Node n) {
      List<Node> l = new ArrayList<>(ops);
      l.add(n);
      return new Term(sourceLayer, l);
    }
  }

  private SpikingNetwork run() {
    spiking = spikingNodes();
    for (Node n : graph.nodes()) {
      if (!spiking[n.id()]) {
        continue;
      }
      int index = layers.size();
      layerOfNode.put(n.id(), index);
      if (n.op() instanceof Input) {
        layers.add(new SpikingLayer(0, n.name(), n.id(), n.shape(), List.of(), SpikingLayer.Role.INPUT, false, false));
        continue;
      }
      boolean isOutput = n.id() == graph.output().id();
      Node pre = n.op() instanceof Relu ? graph.node(n.input()) : n;
      List<Term> terms = pre == n ? expand(n) : terms(pre, spiking);
      List<Projection> projections = new ArrayList<>();
      for (Term t : terms) {
        projections.add(projection(t, n));
      }
      layers.add(new SpikingLayer(index, n.name(), n.id(), n.shape(), projections,
          isOutput ? SpikingLayer.Role.OUTPUT : SpikingLayer.Role.HIDDEN, n.op() instanceof Relu, false));
    }
    if (layers.get(layers.size() - 1).role() != SpikingLayer.Role.OUTPUT) {
      throw new GraphException("the graph output must be the last spiking layer");
    }
    markResidualUnits();
    return new SpikingNetwork(graph, layers);
  }

  /** Input, ReLUs, the output, and Adds that are not followed by a ReLU. */
  private boolean[] spikingNodes() {
    boolean[] s = new boolean[graph.size()];
    for (Node n : graph.nodes()) {
      Op op = n.op();
      if (op instanceof Input || op instanceof Relu || n.id() == graph.output().id()) {
        s[n.id()] = true;
      } else if (op instanceof Add) {
        List<Integer> consumers = graph.consumers(n.id());
        boolean reluAfter = consumers.size() == 1 && graph.node(consumers.get(0)).op() instanceof Relu;
        s[n.id()] = !reluAfter;
      }
    }
    return s;
  }

  /** The terms of a node that is itself spiking (the output, or a junction Add without ReLU). */
  private List<Term> expand(Node n) {
    return inputTerms(n, spiking);
  }

  /** The linear paths from spiking layers that end at node {@code n}. */
  private List<Term> terms(Node n, boolean[] spiking) {
    if (!spiking[n.id()]) {
      return inputTerms(n, spiking);
    }
    Integer layer = layerOfNode.get(n.id());
    if (layer == null) {
      throw new GraphException("node " + n.describe() + " is used before its layer exists");
    }
    return List.of(new Term(layer, List.of()));
  }

  /** The paths through {@code n}'s inputs: an Add sums them, any other op extends them by itself. */
  private List<Term> inputTerms(Node n, boolean[] spiking) {
    List<Term> out = new ArrayList<>();
    if (n.op() instanceof Add) {
      out.addAll(terms(graph.node(n.inputs()[0]), spiking));
      out.addAll(terms(graph.node(n.inputs()[1]), spiking));
      return out;
    }
    for (Term t : terms(graph.node(n.input()), spiking)) {
      out.add(t.then(n));
    }
    return out;
  }

  /** Turns a linear path into a projection, or refuses it naming the node. */
  private Projection projection(Term t, Node target) {
    SpikingLayer src = layers.get(t.sourceLayer());
    Shape srcShape = src.shape();
    AvgPool pool = null;
    Node poolNode = null;
    MaxPool maxPool = null;
    Node maxPoolNode = null;
    Op synaptic = null;
    Node synapticNode = null;
    ZeroPadShortcut shortcut = null;
    for (Node n : t.ops()) {
      Op op = n.op();
      if (synaptic != null || shortcut != null) {
        if (op instanceof Add) {
          continue;
        }
        throw new GraphException("node " + n.describe() + " follows " + (synapticNode != null ? synapticNode.describe()
            : "a shortcut") + " without a ReLU in between; the spiking network needs an IF layer (a ReLU) after "
            + "every conv or fully connected layer");
      }
      if (op instanceof AvgPool a) {
        if (pool != null || maxPool != null) {
          throw new GraphException("node " + n.describe() + ": two pools in a row are not supported");
        }
        pool = a;
        poolNode = n;
      } else if (op instanceof MaxPool m) {
        if (pool != null || maxPool != null) {
          throw new GraphException("node " + n.describe() + ": two pools in a row are not supported");
        }
        if (src.role() == SpikingLayer.Role.INPUT) {
          throw new GraphException("node " + n.describe() + ": a max pool right after the input is not supported "
              + "(the gate passes spikes of IF neurons; put it after a conv and its ReLU)");
        }
        maxPool = m;
        maxPoolNode = n;
      } else if (op instanceof Conv2d || op instanceof Dense) {
        synaptic = op;
        synapticNode = n;
      } else if (op instanceof ZeroPadShortcut z) {
        if (pool != null || maxPool != null) {
          throw new GraphException("node " + n.describe() + ": a shortcut after a pool is not supported");
        }
        shortcut = z;
      } else if (!(op instanceof Flatten) && !(op instanceof Add)) {
        throw new GraphException("node " + n.describe() + " cannot be part of a synaptic path");
      }
    }
    PoolGeometry geometry = pool == null ? PoolGeometry.identity(srcShape.height(), srcShape.width())
        : PoolGeometry.of(pool, srcShape.height(), srcShape.width(), poolNode.shape().height(), poolNode.shape().width());
    Shape targetShape = target.shape();
    if (maxPool != null) {
      if (synaptic == null) {
        throw new GraphException("node " + maxPoolNode.describe() + ": a max pool must be followed by a conv or a "
            + "fully connected layer before the next ReLU " + target.describe());
      }
      // The gate passes spikes of the pooled grid, which the synaptic op then reads as its source.
      Shape pooled = maxPoolNode.shape();
      PoolGeometry none = PoolGeometry.identity(pooled.height(), pooled.width());
      Projection inner = synaptic instanceof Conv2d c
          ? new ConvProjection(t.sourceLayer(), pooled, targetShape, c, none)
          : new DenseProjection(t.sourceLayer(), pooled, targetShape, (Dense) synaptic, none);
      return new GatedMaxPoolProjection(t.sourceLayer(), srcShape, targetShape, maxPool, pooled, inner);
    }
    if (synaptic instanceof Conv2d c) {
      return new ConvProjection(t.sourceLayer(), srcShape, targetShape, c, geometry);
    }
    if (synaptic instanceof Dense d) {
      return new DenseProjection(t.sourceLayer(), srcShape, targetShape, d, geometry);
    }
    if (pool != null) {
      throw new GraphException("node " + poolNode.describe() + ": an average pool must be followed by a conv or a "
          + "fully connected layer before the next ReLU " + target.describe());
    }
    ZeroPadShortcut s = shortcut != null ? shortcut : new ZeroPadShortcut(1, 1, 0, 0);
    if (!s.outputShape(List.of(srcShape)).equals(targetShape)) {
      throw new GraphException("node " + target.describe() + ": the shortcut from layer '" + src.name()
          + "' does not match its shape");
    }
    return new ShortcutProjection(t.sourceLayer(), srcShape, targetShape, s);
  }

  /**
   * Marks the layers inside residual units: every junction, and every layer on a path from a
   * junction's shortcut source to the junction (the non-identity path). The shortcut source is the
   * projection source that is an ancestor of the junction's other sources.
   */
  private void markResidualUnits() {
    int n = layers.size();
    BitSet[] ancestors = new BitSet[n];
    for (int i = 0; i < n; i++) {
      ancestors[i] = new BitSet(n);
      for (Projection p : layers.get(i).projections()) {
        ancestors[i].set(p.source());
        ancestors[i].or(ancestors[p.source()]);
      }
    }
    boolean[] residual = new boolean[n];
    for (int j = 0; j < n; j++) {
      SpikingLayer layer = layers.get(j);
      if (!layer.isJunction()) {
        continue;
      }
      residual[j] = true;
      for (Projection p : layer.projections()) {
        int s = p.source();
        boolean isShortcutSource = layer.projections().stream()
            .allMatch(q -> q.source() == s || ancestors[q.source()].get(s));
        if (!isShortcutSource) {
          continue;
        }
        for (int k = s + 1; k < j; k++) {
          if (ancestors[k].get(s) && ancestors[j].get(k)) {
            residual[k] = true;
          }
        }
      }
    }
    for (int i = 0; i < n; i++) {
      layers.set(i, layers.get(i).withResidual(residual[i]));
    }
  }
}
