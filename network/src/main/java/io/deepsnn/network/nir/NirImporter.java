package io.deepsnn.network.nir;

import io.deepsnn.network.graph.Add;
import io.deepsnn.network.graph.AvgPool;
import io.deepsnn.network.graph.Conv2d;
import io.deepsnn.network.graph.Dense;
import io.deepsnn.network.graph.Flatten;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.graph.GraphBuilder;
import io.deepsnn.network.graph.GraphException;
import io.deepsnn.network.graph.Padding;
import io.deepsnn.network.graph.Relu;
import io.deepsnn.network.graph.Shape;
import io.deepsnn.network.graph.ZeroPadShortcut;
import io.deepsnn.network.snn.Fixed;
import io.deepsnn.network.snn.SpikingLayer;
import io.deepsnn.network.snn.SpikingNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a NIR graph of integrate-and-fire neurons into this project's graph and thresholds, to be
 * simulated like a converted network (docs/SEMANTICS.md §8). Accepted: {@code Input},
 * {@code Output}, {@code Conv2d}, {@code Affine}, {@code Linear}, {@code AvgPool2d},
 * {@code Flatten} and {@code IF} (r, v_threshold and v_reset uniform per node, v_reset = 0), with
 * at most two edges into an IF node (a residual junction). Every other node kind is refused with
 * one line naming the node, its type and why.
 *
 * <p>NIR's IF fires where v &gt; v_threshold; here the threshold is the next value of the 2^-32
 * grid, so the same membranes fire. A NIR bias is a current per timestep; the ANN bias of this
 * project's graph is that current times the scale Λ of the layer's source (SEMANTICS §7). Files
 * this project exported carry θ and the ANN bias in their metadata, and come back exactly.
 */
public final class NirImporter {
  private static final Map<String, String> REFUSED = Map.ofEntries(
      Map.entry("LIF", "a leaky neuron (tau, v_leak); this simulator's neurons integrate and fire without leak"),
      Map.entry("CubaLIF", "a current-based leaky neuron (tau_syn, tau_mem); this simulator's neurons integrate "
          + "and fire without leak or synaptic current"),
      Map.entry("LI", "a leaky integrator without spikes; this simulator reads out the output layer's spikes"),
      Map.entry("CubaLI", "a current-based leaky integrator without spikes; this simulator reads out the output "
          + "layer's spikes"),
      Map.entry("I", "an integrator without spikes; this simulator reads out the output layer's spikes"),
      Map.entry("Delay", "a delay; here every layer integrates its sources' spikes of the same timestep"),
      Map.entry("Threshold", "a stateless threshold; this simulator's neurons keep a membrane potential"),
      Map.entry("Scale", "an elementwise scale; fold it into the weights of the layer before it"),
      Map.entry("SumPool2d", "sum pooling; export AvgPool2d, or fold the window size into the next layer's weights"),
      Map.entry("Conv1d", "a 1-D convolution; this simulator's layers are images (C×H×W)"),
      Map.entry("NIRGraph", "a nested graph; flatten it into one graph first"));

  private final NirGraph nir;
  private final String where;
  private final double inputScale;
  private final boolean fromDeepSnn;
  private GraphBuilder builder;
  private final Map<String, Integer> graphId = new HashMap<>();
  private final Map<String, Double> scale = new HashMap<>();
  private final Map<String, double[]> correctionFor = new HashMap<>();
  private final Map<String, NirNetwork.Layer> layers = new LinkedHashMap<>();
  private Integer outputId;

  private NirImporter(NirGraph nir, String where, double inputScale) {
    this.nir = nir;
    this.where = where;
    this.inputScale = inputScale;
    this.fromDeepSnn = !Double.isNaN(recordedInputScale(nir));
  }

  /**
   * Reads {@code file}.
   *
   * @param fallbackInputScale λ_in where the file does not say it (a NIR graph from another tool)
   * @throws NirException naming the file and the node at fault
   */
  public static NirNetwork read(Path file, double fallbackInputScale) throws IOException {
    return fromGraph(NirFiles.read(file), file.toString(), fallbackInputScale);
  }

  /** The input scale λ_in a file records, or NaN when it does not (no need to import the graph). */
  public static double recordedInputScale(NirGraph g) {
    NirTensor t = g.metadata().get(DeepSnnKeys.INPUT_SCALE);
    return t != null && t.isNumeric() && t.size() == 1 ? t.doubles()[0] : Double.NaN;
  }

  /**
   * Imports {@code g}; {@code where} names it in messages.
   *
   * @param fallbackInputScale λ_in when the graph's metadata does not record one
   */
  public static NirNetwork fromGraph(NirGraph g, String where, double fallbackInputScale) {
    double recorded = recordedInputScale(g);
    return withInputScale(g, where, Double.isNaN(recorded) ? fallbackInputScale : recorded);
  }

  /**
   * Imports {@code g} driven with λ_in {@code inputScale}, whatever the file records: the graph's
   * currents stay as they are, and the ANN biases of this project's graph follow from them.
   */
  public static NirNetwork withInputScale(NirGraph g, String where, double inputScale) {
    if (!(inputScale > 0) || !Double.isFinite(inputScale)) {
      throw new NirException(where + ": input scale " + inputScale + " must be positive and finite");
    }
    checkStructure(g, where);
    return new NirImporter(g, where, inputScale).run();
  }

  /**
   * Known nodes, edges between existing nodes (none into the Input, none out of the Output, none
   * twice), one Input, one Output, no refused kind.
   */
  private static void checkStructure(NirGraph g, String where) {
    int inputs = 0;
    int outputs = 0;
    for (NirNode n : g.nodes().values()) {
      String reason = REFUSED.get(n.type());
      if (reason != null) {
        throw new NirException(where + ": node " + n.describe() + " is not supported: " + reason);
      }
      switch (n.type()) {
        case "Input" -> inputs++;
        case "Output" -> outputs++;
        case "Conv2d", "Affine", "Linear", "AvgPool2d", "Flatten", "IF" -> {
        }
        default -> throw new NirException(where + ": node " + n.describe() + " is not supported: not a NIR node "
            + "type this simulator runs (Input, Output, Conv2d, Affine, Linear, AvgPool2d, Flatten, IF)");
      }
    }
    if (inputs != 1 || outputs != 1) {
      throw new NirException(where + ": the graph has " + inputs + " Input and " + outputs + " Output nodes; "
          + "this simulator runs graphs with one of each");
    }
    java.util.Set<NirGraph.Edge> seen = new java.util.HashSet<>();
    for (NirGraph.Edge e : g.edges()) {
      String edge = "edge '" + e.from() + "' -> '" + e.to() + "'";
      for (String end : List.of(e.from(), e.to())) {
        if (!g.nodes().containsKey(end)) {
          throw new NirException(where + ": " + edge + " names no node '" + end + "'");
        }
      }
      if (g.node(e.from()).type().equals("Output") || g.node(e.to()).type().equals("Input")) {
        throw new NirException(where + ": " + edge + " leaves the Output or enters the Input");
      }
      if (!seen.add(e)) {
        throw new NirException(where + ": " + edge + " is listed twice");
      }
    }
  }

  /** Nodes in an order where every node follows its inputs (file order among the ready ones). */
  private List<NirNode> topologicalOrder() {
    Map<String, Integer> pending = new LinkedHashMap<>();
    for (String name : nir.nodes().keySet()) {
      pending.put(name, 0);
    }
    for (NirGraph.Edge e : nir.edges()) {
      pending.merge(e.to(), 1, Integer::sum);
    }
    Deque<String> ready = new ArrayDeque<>();
    pending.forEach((k, v) -> {
      if (v == 0) {
        ready.add(k);
      }
    });
    List<NirNode> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      String n = ready.poll();
      order.add(nir.node(n));
      for (String to : nir.outputsOf(n)) {
        if (pending.merge(to, -1, Integer::sum) == 0) {
          ready.add(to);
        }
      }
    }
    if (order.size() < nir.nodes().size()) {
      String stuck = pending.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).findFirst()
          .orElse("?");
      throw new NirException(where + ": the graph has a cycle through node '" + stuck + "'; recurrent edges are "
          + "not supported");
    }
    return order;
  }

  private NirNetwork run() {
    List<NirNode> order = topologicalOrder();
    placeCorrections();
    for (NirNode n : order) {
      try {
        visit(n);
      } catch (NirException e) {
        throw e;
      } catch (RuntimeException e) {
        // Shapes that do not fit (GraphException, IllegalArgumentException) and anything else a
        // readable but malformed graph provokes: one line naming the node.
        throw new NirException(where + ": node " + n.describe() + ": " + e.getMessage(), e);
      }
    }
    Graph graph;
    try {
      graph = builder.build(outputId);
      SpikingNetwork net = SpikingNetwork.compile(graph);
      for (SpikingLayer l : net.layers()) {
        if (l.index() > 0 && !layers.containsKey(l.name())) {
          throw new NirException(where + ": layer '" + l.name() + "' of the graph has no IF node");
        }
      }
    } catch (GraphException | ArithmeticException | IllegalArgumentException e) {
      throw new NirException(where + ": " + e.getMessage(), e);
    }
    return new NirNetwork(graph, layers, inputScale, nir.version(), nir.metadata());
  }

  /** Which synaptic node carries each IF node's bias correction (the exporter's placement). */
  private void placeCorrections() {
    for (NirNode n : nir.nodes().values()) {
      NirTensor corr = n.metadata().get(DeepSnnKeys.BIAS_CORRECTION);
      if (!n.type().equals("IF") || corr == null || !corr.isNumeric()) {
        continue;
      }
      for (String in : nir.inputsOf(n.name())) {
        if (isSynaptic(nir.node(in))) {
          correctionFor.put(in, corr.doubles());
          break;
        }
      }
    }
  }

  private boolean isSynaptic(NirNode n) {
    return n.type().equals("Affine") || n.type().equals("Linear")
        || (n.type().equals("Conv2d") && !markedTypeA(n));
  }

  /** A 1×1 conv this project exported for a type-A shortcut (a conv from another tool stays a conv). */
  private boolean markedTypeA(NirNode n) {
    return fromDeepSnn && "A".equals(new NirParams(n, where).text(DeepSnnKeys.SHORTCUT));
  }

  /** The graph node name: the one this project exported, or the NIR node's. */
  private static String graphName(NirNode n) {
    String original = new NirParams(n, "").text(DeepSnnKeys.NAME);
    return original != null && !original.isBlank() ? original : n.name();
  }

  private void visit(NirNode n) {
    List<String> ins = nir.inputsOf(n.name());
    switch (n.type()) {
      case "Input" -> {
        builder = new GraphBuilder(graphName(n), inputShape(n));
        graphId.put(n.name(), 0);
        scale.put(n.name(), inputScale);
      }
      case "Conv2d" -> conv(n, single(n, ins));
      case "Affine", "Linear" -> affine(n, single(n, ins));
      case "AvgPool2d" -> pool(n, single(n, ins));
      case "Flatten" -> flatten(n, single(n, ins));
      case "IF" -> integrateAndFire(n, ins);
      case "Output" -> {
        String in = single(n, ins);
        if (!nir.node(in).type().equals("IF")) {
          throw new NirException(where + ": node " + n.describe() + " reads " + nir.node(in).describe()
              + "; this simulator reads out the spikes of an IF layer");
        }
        outputId = graphId.get(in);
      }
      default -> throw new IllegalStateException(n.type());
    }
  }

  private String single(NirNode n, List<String> ins) {
    if (ins.size() != 1) {
      throw new NirException(where + ": node " + n.describe() + " has " + ins.size() + " incoming edges; only "
          + "IF nodes may sum several inputs here");
    }
    return ins.get(0);
  }

  private void add(NirNode n, String name, io.deepsnn.network.graph.Op op, String... inputs) {
    int[] ids = new int[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      ids[i] = graphId.get(inputs[i]);
    }
    graphId.put(n.name(), builder.add(name, op, ids));
    scale.put(n.name(), scale.get(inputs[0]));
  }

  private void conv(NirNode n, String in) {
    NirParams p = new NirParams(n, where);
    Shape inShape = builder.shape(graphId.get(in));
    int[] ws = p.dims("weight", 4, "[C_out, C_in, kH, kW]");
    int co = ws[0];
    int ci = ws[1];
    int kh = ws[2];
    int kw = ws[3];
    if (p.integer("groups", 1) != 1) {
      throw p.refuse("groups = " + p.integer("groups") + "; this simulator's convolutions have one group");
    }
    int[] dilation = p.pair("dilation", new int[] {1, 1});
    if (dilation[0] != 1 || dilation[1] != 1) {
      throw p.refuse("dilation " + Arrays.toString(dilation) + "; this simulator's convolutions are not dilated");
    }
    int[] stride = p.pair("stride", new int[] {1, 1});
    int[] pad = p.padding(kh, kw, stride);
    if (ci != inShape.channels()) {
      throw p.refuse("weight takes " + ci + " input channels, its input '" + in + "' has " + inShape.channels());
    }
    if (n.has("input_shape")) {
      int[] is = p.pair("input_shape");
      if (is[0] != inShape.height() || is[1] != inShape.width()) {
        throw p.refuse("input_shape " + Arrays.toString(is) + " does not match its input '" + in + "' of " + inShape);
      }
    }
    float[] weights = p.finiteFloats("weight");
    double[] current = currentOf(n, p, co);
    if (markedTypeA(n)) {
      ZeroPadShortcut shortcut = typeA(weights, co, ci, kh, kw, pad, current, stride);
      if (shortcut == null) {
        throw p.refuse("marked as a type-A shortcut but its weights are not the shortcut's 0/1 pattern");
      }
      add(n, graphName(n), shortcut, in);
      return;
    }
    Padding padding = new Padding(pad[0], pad[1], pad[0], pad[1]);
    add(n, graphName(n), new Conv2d(co, ci, kh, kw, stride[0], stride[1], padding, weights,
        annBias(p, current, scale.get(in))), in);
  }

  /** The 1×1 conv of zeros and ones (one per output channel at most) that is a type-A shortcut. */
  private static ZeroPadShortcut typeA(float[] w, int co, int ci, int kh, int kw, int[] pad, double[] current,
                                       int[] stride) {
    if (kh != 1 || kw != 1 || pad[0] != 0 || pad[1] != 0 || co < ci || stride[0] < 1 || stride[1] < 1) {
      return null;
    }
    for (double c : current) {
      if (c != 0) {
        return null;
      }
    }
    int offset = -1;
    for (int o = 0; o < co; o++) {
      for (int i = 0; i < ci; i++) {
        float v = w[o * ci + i];
        if (v != 0 && v != 1) {
          return null;
        }
        if (v == 1) {
          if (offset < 0) {
            offset = o - i;
          }
          if (o - i != offset) {
            return null;
          }
        }
      }
    }
    if (offset < 0 || offset + ci > co) {
      return null;
    }
    for (int i = 0; i < ci; i++) {
      if (w[(i + offset) * ci + i] != 1) {
        return null;
      }
    }
    return new ZeroPadShortcut(stride[0], stride[1], offset, co - ci - offset);
  }

  private void affine(NirNode n, String in) {
    NirParams p = new NirParams(n, where);
    Shape inShape = builder.shape(graphId.get(in));
    int[] ws = p.dims("weight", 2, "[out, in]");
    int out = ws[0];
    int features = ws[1];
    if (!inShape.isFlat() || inShape.channels() != features) {
      throw p.refuse("takes " + features + " features; its input '" + in + "' gives " + inShape
          + (inShape.isFlat() ? "" : " (add a Flatten node)"));
    }
    double[] current = n.type().equals("Affine") ? currentOf(n, p, out) : new double[out];
    add(n, graphName(n), new Dense(out, features, p.finiteFloats("weight"), annBias(p, current, scale.get(in))), in);
  }

  private void pool(NirNode n, String in) {
    NirParams p = new NirParams(n, where);
    int[] k = p.pair("kernel_size");
    int[] s = p.pair("stride", k);
    int[] pad = p.pair("padding", new int[] {0, 0});
    if (pad[0] != 0 || pad[1] != 0) {
      throw p.refuse("padding " + Arrays.toString(pad) + "; NIR leaves open how a padded average pool divides at "
          + "the border, so only unpadded pools are read");
    }
    if (k[0] < 1 || k[1] < 1 || s[0] < 1 || s[1] < 1) {
      throw p.refuse("kernel_size and stride must be positive");
    }
    add(n, graphName(n), new AvgPool(k[0], k[1], s[0], s[1], Padding.NONE, false), in);
  }

  /** NIR's shapes have no batch dimension: start_dim 0 and end_dim −1 (or the last) flatten it all. */
  private void flatten(NirNode n, String in) {
    NirParams p = new NirParams(n, where);
    int rank = builder.shape(graphId.get(in)).isFlat() && nir.node(in).type().matches("Affine|Linear|Flatten")
        ? 1 : 3;
    int start = p.integer("start_dim", 0);
    int end = p.integer("end_dim", -1);
    if (start != 0 || (end != -1 && end != rank - 1)) {
      throw p.refuse("start_dim " + start + ", end_dim " + end + " keep dimensions apart; this simulator flattens "
          + "everything (start_dim 0, end_dim -1: NIR's shapes have no batch dimension)");
    }
    add(n, graphName(n), new Flatten(), in);
  }

  private void integrateAndFire(NirNode n, List<String> ins) {
    NirParams p = new NirParams(n, where);
    if (ins.isEmpty() || ins.size() > 2) {
      throw p.refuse("has " + ins.size() + " incoming edges; an IF layer here reads one path, or two at a residual "
          + "junction");
    }
    double r = p.uniform("r");
    double vThreshold = p.uniform("v_threshold");
    double vReset = n.has("v_reset") ? p.uniform("v_reset") : 0;
    if (!(r > 0)) {
      throw p.refuse("r = " + r + " must be positive");
    }
    if (vReset != 0) {
      throw p.refuse("v_reset = " + vReset + "; this simulator resets to 0 (with v_reset = 0 the graph is the same "
          + "with thresholds shifted)");
    }
    double theta = threshold(n, p, vThreshold / r);
    boolean output = nir.outputsOf(n.name()).stream().anyMatch(o -> nir.node(o).type().equals("Output"));
    long reluFlag = p.flag(DeepSnnKeys.RELU, output ? 0 : 1);
    String name = graphName(n);
    String[] sources = ins.toArray(String[]::new);
    String first = sources[0];
    if (sources.length == 2) {
      Shape a = builder.shape(graphId.get(sources[0]));
      Shape b = builder.shape(graphId.get(sources[1]));
      if (!a.equals(b)) {
        throw p.refuse("sums '" + sources[0] + "' (" + a + ") and '" + sources[1] + "' (" + b + "), which differ in "
            + "shape");
      }
      add(n, reluFlag == 1 ? name + "_add" : name, new Add(), sources);
      sources = new String[] {n.name()};
    }
    boolean readsLayer = ins.size() == 1 && nir.node(first).type().matches("IF|Input");
    if (reluFlag == 1 || readsLayer) {
      double clip = p.number(DeepSnnKeys.CLIP_LEVEL);
      add(n, name, clip > 0 && Double.isFinite(clip) ? new Relu((float) clip) : new Relu(), sources);
    } else if (ins.size() == 1) {
      graphId.put(n.name(), graphId.get(first));
    }
    Shape shape = builder.shape(graphId.get(n.name()));
    int neurons = n.param("v_threshold").size();
    if (neurons != shape.size()) {
      throw p.refuse("has " + neurons + " neurons, its input gives " + shape.size());
    }
    scale.put(n.name(), theta * scale.get(first));
    String layerName = builder.node(graphId.get(n.name())).name();
    layers.put(layerName, new NirNetwork.Layer(n.name(), theta, p.flag(DeepSnnKeys.UNITY, 0) == 1,
        p.vector(DeepSnnKeys.BIAS_CORRECTION, shape.channels())));
  }

  /**
   * θ of an IF node: the exact θ this project recorded, where it agrees with v_threshold; else
   * the next fixed-point value above v_threshold, at which v ≥ θ is NIR's v &gt; v_threshold.
   */
  private static double threshold(NirNode n, NirParams p, double vThreshold) {
    if (!(vThreshold >= 0) || vThreshold >= 0x1p30) {
      throw p.refuse("v_threshold = " + vThreshold + "; thresholds must be non-negative and below 2^30");
    }
    long below = (long) Math.floor(vThreshold * Fixed.ONE);
    double t = p.number(DeepSnnKeys.THRESHOLD);
    if (t > 0 && t < 0x1p30 && Fixed.of(t) - 1 == below) {
      return t;
    }
    return Fixed.toDouble(below + 1);
  }

  /** The node's bias as a current per channel, less the bias correction the exporter put into it. */
  private double[] currentOf(NirNode n, NirParams p, int channels) {
    double[] cur = new double[channels];
    if (n.has("bias")) {
      cur = p.finite("bias");
      if (cur.length != channels) {
        throw p.refuse("bias must hold " + channels + " numbers, got " + n.param("bias").describe());
      }
    }
    double[] corr = correctionFor.get(n.name());
    if (corr != null && corr.length == channels) {
      for (int c = 0; c < channels; c++) {
        cur[c] -= corr[c];
      }
    }
    return cur;
  }

  /**
   * The ANN bias whose current b / Λ_src is {@code current}: the exact float32 this project
   * recorded when it agrees, else the current times Λ_src rounded to float; null when zero.
   */
  private static float[] annBias(NirParams p, double[] current, double sourceScale) {
    double[] recorded = p.vector(DeepSnnKeys.ANN_BIAS, current.length);
    if (recorded != null) {
      boolean agrees = true;
      for (int c = 0; c < recorded.length; c++) {
        agrees &= Math.abs((float) recorded[c] / sourceScale - current[c]) <= 1e-6 * (1 + Math.abs(current[c]));
      }
      if (agrees) {
        float[] b = new float[recorded.length];
        for (int c = 0; c < b.length; c++) {
          b[c] = (float) recorded[c];
        }
        return b;
      }
    }
    boolean any = false;
    float[] b = new float[current.length];
    for (int c = 0; c < b.length; c++) {
      b[c] = (float) (current[c] * sourceScale);
      any |= current[c] != 0;
    }
    return any ? b : null;
  }

  private Shape inputShape(NirNode input) {
    long[] s = input.param("shape").longs();
    if (s != null && s.length == 4 && s[0] == 1) {
      s = Arrays.copyOfRange(s, 1, 4);
    }
    if (s == null || (s.length != 1 && s.length != 3) || Arrays.stream(s).anyMatch(v -> v < 1 || v > 1 << 16)
        || Arrays.stream(s).reduce(1, (a, b) -> a * b) > 1 << 26) {
      throw new NirException(where + ": node " + input.describe() + ": shape must be [C, H, W] or [N] of at most "
          + (1 << 26) + " elements, got " + input.param("shape").describe());
    }
    return s.length == 1 ? Shape.flat((int) s[0]) : Shape.of((int) s[0], (int) s[1], (int) s[2]);
  }
}
