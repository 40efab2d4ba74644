package io.deepsnn.network.nir;

import io.deepsnn.network.convert.ConversionInfo;
import io.deepsnn.network.convert.ConvertedNetwork;
import io.deepsnn.network.graph.Add;
import io.deepsnn.network.graph.AvgPool;
import io.deepsnn.network.graph.Conv2d;
import io.deepsnn.network.graph.Dense;
import io.deepsnn.network.graph.Flatten;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.graph.Input;
import io.deepsnn.network.graph.MaxPool;
import io.deepsnn.network.graph.Node;
import io.deepsnn.network.graph.Padding;
import io.deepsnn.network.graph.Relu;
import io.deepsnn.network.graph.Shape;
import io.deepsnn.network.graph.ZeroPadShortcut;
import io.deepsnn.network.snn.BiasCurrent;
import io.deepsnn.network.snn.Fixed;
import io.deepsnn.network.snn.SpikingLayer;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.snn.Thresholds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A converted network as a NIR graph (docs/SEMANTICS.md §8). One NIR node per ANN op: {@code Input},
 * {@code Conv2d}, {@code Affine} (or {@code Linear} without bias), {@code AvgPool2d}, {@code Flatten};
 * every IF layer an {@code IF} node (r = 1, v_reset = 0, v_threshold per neuron); a residual Add
 * becomes the edges into its junction's IF node (NIR sums a node's inputs); the type-A shortcut a
 * fixed 1×1 strided {@code Conv2d}; then {@code Output}.
 *
 * <p>Two conventions differ and are mapped exactly. NIR's IF fires where v &gt; v_threshold, this
 * simulator where v ≥ θ on its grid of 2^-32: v_threshold is θ's fixed-point value less one step,
 * so both fire on the same membranes. A bias b becomes the current the simulator adds every
 * timestep, b / Λ_src (SEMANTICS §7), plus the layer's bias-calibration correction.
 *
 * <p>What NIR cannot say is refused by name rather than exported lossily: reset by subtraction,
 * an initial potential, max-pool gating, asymmetric padding, padded average pools.
 */
public final class NirExporter {
  private final ConvertedNetwork converted;
  private final Graph graph;
  private final SpikingNetwork net;
  private final Thresholds thresholds;
  private final double[] scales;
  private final Map<Integer, Integer> layerOfNode = new HashMap<>();
  private final Map<Integer, String> nirName = new HashMap<>();
  private final Map<Integer, String> ifName = new HashMap<>();
  private final Set<String> used = new HashSet<>();
  private final Map<Integer, double[]> correctionAt = new HashMap<>();
  private final boolean[] vector;
  private final Map<String, NirNode> nodes = new LinkedHashMap<>();
  private final List<NirGraph.Edge> edges = new ArrayList<>();

  private NirExporter(ConvertedNetwork converted) {
    this.converted = converted;
    this.graph = converted.graph();
    this.net = converted.network();
    this.thresholds = converted.thresholds();
    this.scales = BiasCurrent.scales(net, thresholds, converted.conversion().inputScale(), net.size());
    this.vector = new boolean[graph.size()];
  }

  /**
   * The NIR graph of {@code converted}.
   *
   * @param toolVersion the version recorded in the graph's metadata
   * @throws NirException naming the option or node NIR cannot express
   */
  public static NirGraph export(ConvertedNetwork converted, String toolVersion) {
    refuseWhatNirCannotSay(converted);
    return new NirExporter(converted).run(toolVersion);
  }

  private static void refuseWhatNirCannotSay(ConvertedNetwork c) {
    ConversionInfo info = c.conversion();
    if (info.reset().equals("subtract")) {
      throw new NirException("the network resets by subtraction (convert --reset subtract); NIR's IF node resets to "
          + "v_reset, so NIR cannot express it: convert with --reset zero to export");
    }
    if (info.vInit() != 0) {
      throw new NirException("the network starts every membrane at " + info.vInit() + "·θ (convert --v-init "
          + info.vInit() + "); NIR's IF node has no initial potential: convert with --v-init 0 to export");
    }
    for (Node n : c.graph().nodes()) {
      if (n.op() instanceof MaxPool) {
        throw new NirException("node " + n.describe() + ": max pooling is a gate on spike counts here "
            + "(SEMANTICS §7), which no NIR node expresses; retrain with average pooling to export");
      }
    }
    for (Node n : c.graph().nodes()) {
      if (n.op() instanceof Conv2d cv && !symmetric(cv.padding())) {
        throw new NirException("node " + n.describe() + ": padding " + cv.padding() + " is asymmetric; NIR's "
            + "Conv2d pads both sides alike");
      }
      if (n.op() instanceof AvgPool p && !p.padding().isZero()) {
        throw new NirException("node " + n.describe() + ": a padded average pool (" + p.padding() + ") divides "
            + "borders by the window inside the image here, which NIR's AvgPool2d does not define");
      }
    }
  }

  private static boolean symmetric(Padding p) {
    return p.top() == p.bottom() && p.left() == p.right();
  }

  private NirGraph run(String toolVersion) {
    for (SpikingLayer l : net.layers()) {
      layerOfNode.put(l.annNode(), l.index());
    }
    placeCorrections();
    for (Node n : graph.nodes()) {
      visit(n);
    }
    Node out = graph.output();
    String outIf = ifName.get(out.id());
    Shape s = out.shape();
    nodes.put("output", new NirNode("output", "Output",
        Map.of("shape", NirTensor.ints(type(s, vector[out.id()]))),
        Map.of()));
    edges.add(new NirGraph.Edge(outIf, "output"));
    return new NirGraph(NirGraph.NIR_VERSION, nodes, edges, graphMetadata(toolVersion));
  }

  /**
   * Bias calibration's correction of a layer is a current like a bias: it goes into the bias of
   * the first conv or fully connected node that feeds the layer.
   */
  private void placeCorrections() {
    for (SpikingLayer l : net.layers()) {
      double[] corr = l.index() == 0 ? null : thresholds.correction(l.index());
      if (corr == null) {
        continue;
      }
      Node n = graph.node(l.annNode());
      Node pre = n.op() instanceof Relu ? graph.node(n.input()) : n;
      Integer target = firstSynaptic(pre);
      if (target == null) {
        throw new NirException("layer '" + l.name() + "' has a bias correction but no conv or fully connected "
            + "input to carry it");
      }
      if (graph.consumers(target).size() > 1) {
        throw new NirException("layer '" + l.name() + "' has a bias correction, but its input node "
            + graph.node(target).describe() + " also feeds another layer; in NIR a bias reaches every consumer");
      }
      correctionAt.put(target, corr);
    }
  }

  private Integer firstSynaptic(Node n) {
    if (n.op() instanceof Conv2d || n.op() instanceof Dense) {
      return n.id();
    }
    if (n.op() instanceof Add && !layerOfNode.containsKey(n.id())) {
      for (int in : n.inputs()) {
        Integer t = firstSynaptic(graph.node(in));
        if (t != null) {
          return t;
        }
      }
    }
    return null;
  }

  private void visit(Node n) {
    boolean spiking = layerOfNode.containsKey(n.id());
    if (n.op() instanceof Input in) {
      Shape s = in.shape();
      put(n, "Input", Map.of("shape", NirTensor.ints(type(s, false))), named(n, Map.of()));
    } else if (n.op() instanceof Conv2d c) {
      conv(n, c);
    } else if (n.op() instanceof Dense d) {
      dense(n, d);
    } else if (n.op() instanceof AvgPool p) {
      put(n, "AvgPool2d", Map.of("kernel_size", NirTensor.ints(p.kernelH(), p.kernelW()),
          "stride", NirTensor.ints(p.strideH(), p.strideW()), "padding", NirTensor.ints(0, 0)), named(n, Map.of()));
      vector[n.id()] = vector[n.input()];
      connect(n.input(), nirName.get(n.id()));
    } else if (n.op() instanceof Flatten) {
      flatten(n);
      vector[n.id()] = true;
    } else if (n.op() instanceof ZeroPadShortcut z) {
      shortcutA(n, z);
    } else if (n.op() instanceof Relu) {
      vector[n.id()] = vector[n.input()];
      integrateAndFire(n, n.name(), sources(n.input()));
    } else if (n.op() instanceof Add) {
      vector[n.id()] = vector[n.input()];
      if (spiking) {
        List<String> src = new ArrayList<>();
        for (int in : n.inputs()) {
          src.addAll(sources(in));
        }
        integrateAndFire(n, n.name(), src);
      }
    } else {
      throw new NirException("node " + n.describe() + " has no NIR equivalent");
    }
    if (spiking && !(n.op() instanceof Relu || n.op() instanceof Add || n.op() instanceof Input
        || n.op() instanceof Conv2d || n.op() instanceof Dense)) {
      throw new NirException("node " + n.describe() + " is an IF layer of the SNN (the graph's output) but not a "
          + "ReLU, a junction or a synaptic layer; end the graph with a conv or fully connected layer to export it");
    }
    if (spiking && (n.op() instanceof Conv2d || n.op() instanceof Dense)) {
      // The output layer (the logits): its IF neurons follow the synaptic node.
      integrateAndFire(n, n.name() + "_if", List.of(nirName.get(n.id())));
    }
  }

  private void conv(Node n, Conv2d c) {
    Shape in = graph.node(n.input()).shape();
    Map<String, NirTensor> p = convParams(
        NirTensor.f32(c.weights().clone(), c.outChannels(), c.inChannels(), c.kernelH(), c.kernelW()),
        current(n, c.bias(), c.outChannels()), c.strideH(), c.strideW(), c.padding().top(), c.padding().left(), in);
    put(n, "Conv2d", p, named(n, annBias(c.bias())));
    connect(n.input(), nirName.get(n.id()));
  }

  /** NIR's Conv2d datasets (dilation 1, one group), in the order NIR's own writer lists them. */
  private static Map<String, NirTensor> convParams(NirTensor weight, double[] bias, int sh, int sw, int ph, int pw,
                                                   Shape in) {
    Map<String, NirTensor> p = new LinkedHashMap<>();
    p.put("weight", weight);
    p.put("bias", NirTensor.f64(bias, bias.length));
    p.put("stride", NirTensor.ints(sh, sw));
    p.put("padding", NirTensor.ints(ph, pw));
    p.put("dilation", NirTensor.ints(1, 1));
    p.put("groups", NirTensor.scalar(1L));
    p.put("input_shape", NirTensor.ints(in.height(), in.width()));
    return p;
  }

  private void dense(Node n, Dense d) {
    String source = null;
    if (!vector[n.input()]) {
      // NIR types are tensors: a C×1×1 map becomes a vector only through a Flatten node.
      source = nirName(n.name() + "_flatten");
      nodes.put(source, flattenNode(source, graph.node(n.input()).shape(), false, Map.of()));
      connect(n.input(), source);
    }
    Map<String, NirTensor> p = new LinkedHashMap<>();
    p.put("weight", NirTensor.f32(d.weights().clone(), d.outFeatures(), d.inFeatures()));
    boolean biased = d.bias() != null || correctionAt.containsKey(n.id());
    if (biased) {
      p.put("bias", NirTensor.f64(current(n, d.bias(), d.outFeatures()), d.outFeatures()));
    }
    put(n, biased ? "Affine" : "Linear", p, named(n, annBias(d.bias())));
    vector[n.id()] = true;
    if (source != null) {
      edges.add(new NirGraph.Edge(source, nirName.get(n.id())));
    } else {
      connect(n.input(), nirName.get(n.id()));
    }
  }

  private void flatten(Node n) {
    String name = nirName(n.name());
    nirName.put(n.id(), name);
    nodes.put(name, flattenNode(name, graph.node(n.input()).shape(), vector[n.input()], named(n, Map.of())));
    connect(n.input(), name);
  }

  /** A Flatten of everything (NIR's shapes have no batch dimension); its input typed as NIR types it. */
  private static NirNode flattenNode(String name, Shape in, boolean inputIsVector, Map<String, NirTensor> meta) {
    return new NirNode(name, "Flatten", Map.of("start_dim", NirTensor.scalar(0L), "end_dim", NirTensor.scalar(-1L),
        "input_type", NirTensor.ints(type(in, inputIsVector))), meta);
  }

  /** The NIR type (dimensions, no batch) of a tensor of shape {@code s}: [N] for a vector, else [C, H, W]. */
  private static long[] type(Shape s, boolean vector) {
    return vector ? new long[] {s.size()} : new long[] {s.channels(), s.height(), s.width()};
  }

  /** The type-A shortcut: subsampling and zero channels are a 1×1 strided conv of zeros and ones. */
  private void shortcutA(Node n, ZeroPadShortcut z) {
    Shape in = graph.node(n.input()).shape();
    Shape out = n.shape();
    float[] w = new float[out.channels() * in.channels()];
    for (int c = 0; c < in.channels(); c++) {
      w[(c + z.padBefore()) * in.channels() + c] = 1f;
    }
    Map<String, NirTensor> p = convParams(NirTensor.f32(w, out.channels(), in.channels(), 1, 1),
        new double[out.channels()], z.strideH(), z.strideW(), 0, 0, in);
    put(n, "Conv2d", p, named(n, Map.of(DeepSnnKeys.SHORTCUT, NirTensor.string("A"))));
    connect(n.input(), nirName.get(n.id()));
  }

  /** The IF node of spiking layer at graph node {@code n}, fed by {@code from}. */
  private void integrateAndFire(Node n, String name, List<String> from) {
    int layer = layerOfNode.get(n.id());
    double theta = thresholds.get(layer);
    long fixed = Fixed.of(theta);
    Shape s = n.shape();
    int[] shape = Arrays.stream(type(s, vector[n.id()])).mapToInt(Math::toIntExact).toArray();
    double[] r = new double[s.size()];
    Arrays.fill(r, 1.0);
    double[] vt = new double[s.size()];
    // One step of the 2^-32 grid below θ: v > v_threshold there is exactly v ≥ θ here.
    Arrays.fill(vt, Fixed.toDouble(fixed - 1));
    Map<String, NirTensor> p = new LinkedHashMap<>();
    p.put("r", NirTensor.f64(r, shape));
    p.put("v_threshold", NirTensor.f64(vt, shape));
    p.put("v_reset", NirTensor.f64(new double[s.size()], shape));
    Map<String, NirTensor> meta = new LinkedHashMap<>();
    if (n.op() instanceof Relu || n.op() instanceof Add) {
      meta.put(DeepSnnKeys.NAME, NirTensor.string(n.name()));
    }
    meta.put(DeepSnnKeys.THRESHOLD, NirTensor.scalar(theta));
    SpikingLayer sl = net.layer(layer);
    meta.put(DeepSnnKeys.UNITY, NirTensor.scalar(converted.layers().stream()
        .anyMatch(t -> t.layer() == layer && t.unity()) ? 1L : 0L));
    meta.put(DeepSnnKeys.RELU, NirTensor.scalar(sl.annRelu() ? 1L : 0L));
    if (n.op() instanceof Relu relu && relu.clipped()) {
      meta.put(DeepSnnKeys.CLIP_LEVEL, NirTensor.scalar((double) relu.clipLevel()));
    }
    double[] corr = thresholds.correction(layer);
    if (corr != null) {
      meta.put(DeepSnnKeys.BIAS_CORRECTION, NirTensor.f64(corr, corr.length));
    }
    String unique = nirName(name);
    nodes.put(unique, new NirNode(unique, "IF", p, meta));
    ifName.put(n.id(), unique);
    for (String f : from) {
      edges.add(new NirGraph.Edge(f, unique));
    }
  }

  /** The current a node's bias (and the layer's correction, if placed here) adds per timestep. */
  private double[] current(Node n, float[] bias, int channels) {
    double[] cur = new double[channels];
    double[] corr = correctionAt.get(n.id());
    if (corr != null) {
      System.arraycopy(corr, 0, cur, 0, channels);
    }
    if (bias != null) {
      double scale = scales[sourceLayer(n)];
      for (int c = 0; c < channels; c++) {
        cur[c] += bias[c] / scale;
      }
    }
    return cur;
  }

  /** {@code meta} with the graph node's own name, which HDF5-safe NIR names may not keep. */
  private static Map<String, NirTensor> named(Node n, Map<String, NirTensor> meta) {
    Map<String, NirTensor> m = new LinkedHashMap<>();
    m.put(DeepSnnKeys.NAME, NirTensor.string(n.name()));
    m.putAll(meta);
    return m;
  }

  private static Map<String, NirTensor> annBias(float[] bias) {
    return bias == null ? Map.of() : Map.of(DeepSnnKeys.ANN_BIAS, NirTensor.f32(bias.clone(), bias.length));
  }

  /** The spiking layer whose spikes reach synaptic node {@code n} (through pools and flattens). */
  private int sourceLayer(Node n) {
    Node m = graph.node(n.input());
    while (!layerOfNode.containsKey(m.id())) {
      m = graph.node(m.input());
    }
    return layerOfNode.get(m.id());
  }

  /** The NIR nodes whose outputs stand for graph node {@code id}'s (an Add without IF: its inputs'). */
  private List<String> sources(int id) {
    Node n = graph.node(id);
    if (n.op() instanceof Add && !layerOfNode.containsKey(id)) {
      List<String> out = new ArrayList<>();
      for (int in : n.inputs()) {
        out.addAll(sources(in));
      }
      return out;
    }
    String s = ifName.containsKey(id) && !(n.op() instanceof Conv2d || n.op() instanceof Dense) ? ifName.get(id)
        : nirName.get(id);
    return List.of(s);
  }

  private void connect(int inputNode, String to) {
    for (String s : sources(inputNode)) {
      edges.add(new NirGraph.Edge(s, to));
    }
  }

  private void put(Node n, String type, Map<String, NirTensor> params, Map<String, NirTensor> meta) {
    String name = n.op() instanceof Input ? nirName("input") : nirName(n.name());
    nirName.put(n.id(), name);
    nodes.put(name, new NirNode(name, type, params, meta));
  }

  /** A unique HDF5-safe name: no '/', '.' or spaces, and never "output" (the Output node's). */
  private String nirName(String base) {
    String clean = base.replaceAll("[^A-Za-z0-9_\\-]", "_");
    if (clean.isEmpty()) {
      clean = "node";
    }
    String name = clean;
    for (int i = 2; used.contains(name) || name.equals("output"); i++) {
      name = clean + "_" + i;
    }
    used.add(name);
    return name;
  }

  private Map<String, NirTensor> graphMetadata(String toolVersion) {
    ConversionInfo info = converted.conversion();
    Map<String, NirTensor> m = new LinkedHashMap<>();
    m.put(DeepSnnKeys.INPUT_SCALE, NirTensor.scalar(info.inputScale()));
    double[] mean = converted.normalization().mean();
    double[] std = converted.normalization().std();
    m.put(DeepSnnKeys.MEAN, NirTensor.f64(mean, mean.length));
    m.put(DeepSnnKeys.STD, NirTensor.f64(std, std.length));
    m.put(DeepSnnKeys.SEED, NirTensor.scalar(info.seed()));
    m.put(DeepSnnKeys.RESET, NirTensor.string(info.reset()));
    m.put(DeepSnnKeys.INPUT_MODE, NirTensor.string(info.inputMode()));
    m.put(DeepSnnKeys.METHOD, NirTensor.string(info.method()));
    m.put(DeepSnnKeys.PERCENTILE, NirTensor.scalar(info.percentile()));
    m.put(DeepSnnKeys.RESIDUAL, NirTensor.string(info.residualPolicy()));
    m.put(DeepSnnKeys.CALIBRATION_IMAGES, NirTensor.scalar((long) info.calibrationImages()));
    m.put(DeepSnnKeys.CALIBRATION_STEPS, NirTensor.scalar((long) info.calibrationSteps()));
    m.put(DeepSnnKeys.BIAS_CALIBRATION_STEPS, NirTensor.scalar((long) info.calibrationTargetSteps()));
    if (!converted.classNames().isEmpty()) {
      m.put(DeepSnnKeys.CLASSES, NirTensor.strings(converted.classNames().toArray(String[]::new)));
    }
    m.put(DeepSnnKeys.SOURCE, NirTensor.string(converted.provenance().sourceModel()));
    m.put(DeepSnnKeys.TOOL_VERSION, NirTensor.string(toolVersion));
    m.put(DeepSnnKeys.SEMANTICS, NirTensor.string("discrete time, dt = 1 timestep: every node computes from its "
        + "inputs of the same timestep; IF: v += r*I, spike where v > v_threshold, then v = v_reset; biases are "
        + "currents added every timestep; input: x/deepsnn_input_scale as a signed Poisson rate code "
        + "(docs/SEMANTICS.md of DeepSNN)"));
    return m;
  }
}
