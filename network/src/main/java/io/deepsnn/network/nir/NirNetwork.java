package io.deepsnn.network.nir;

import io.deepsnn.network.convert.ConversionInfo;
import io.deepsnn.network.convert.ConvertedNetwork;
import io.deepsnn.network.convert.LayerThreshold;
import io.deepsnn.network.convert.Provenance;
import io.deepsnn.network.data.Normalization;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.snn.SpikingLayer;
import io.deepsnn.network.snn.SpikingNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A NIR graph read into this project: the ANN-shaped graph the simulator compiles, each IF
 * layer's threshold, and what the file's metadata says about the input.
 *
 * @param graph the graph (convolutions, fully connected layers, pools, ReLUs where IF nodes were)
 * @param layers the IF nodes by the name of the graph node that is their spiking layer
 * @param inputScale λ_in: the file's, or the fallback the import was given
 * @param version the NIR version of the file
 * @param metadata the graph's metadata as read
 */
public record NirNetwork(Graph graph, Map<String, Layer> layers, double inputScale, String version,
                         Map<String, NirTensor> metadata) {
  /**
   * One IF node.
   *
   * @param nirName its name in the NIR graph
   * @param threshold θ
   * @param unity whether it was fixed to 1 inside a residual unit (this project's metadata)
   * @param biasCorrection a bias-calibration current per channel, or null
   */
  public record Layer(String nirName, double threshold, boolean unity, double[] biasCorrection) {
  }

  /** Copies the map, keeping its order. */
  public NirNetwork {
    layers = Collections.unmodifiableMap(new LinkedHashMap<>(layers));
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** Whether the file was written by this project (it then records λ_in and the normalisation). */
  public boolean fromDeepSnn() {
    return metadata.containsKey(DeepSnnKeys.INPUT_SCALE);
  }

  /** The input normalisation the file records, if it does. */
  public Optional<Normalization> normalization() {
    NirTensor mean = metadata.get(DeepSnnKeys.MEAN);
    NirTensor std = metadata.get(DeepSnnKeys.STD);
    if (mean == null || std == null || !mean.isNumeric() || !std.isNumeric() || mean.size() != std.size()) {
      return Optional.empty();
    }
    return Optional.of(new Normalization(mean.doubles(), std.doubles()));
  }

  /** The Poisson seed the file records, if it does. */
  public Optional<Long> seed() {
    NirTensor s = metadata.get(DeepSnnKeys.SEED);
    long[] v = s != null && s.isNumeric() && s.size() == 1 ? s.longs() : null;
    return v == null ? Optional.empty() : Optional.of(v[0]);
  }

  /** The class names the file records (empty if none). */
  public List<String> classNames() {
    NirTensor c = metadata.get(DeepSnnKeys.CLASSES);
    return c != null && c.kind() == NirTensor.Kind.STRING ? List.of(c.strings()) : List.of();
  }

  /** A metadata string, if present. */
  public Optional<String> text(String key) {
    NirTensor t = metadata.get(key);
    return t != null && t.kind() == NirTensor.Kind.STRING && t.size() == 1 ? Optional.of(t.string()) : Optional.empty();
  }

  /** The input encoding the file records ("poisson" for a graph from another tool). */
  public String inputMode() {
    return text(DeepSnnKeys.INPUT_MODE).orElse("poisson");
  }

  /** A metadata number, or {@code fallback}. */
  private double number(String key, double fallback) {
    NirTensor t = metadata.get(key);
    return t != null && t.isNumeric() && t.size() == 1 && Double.isFinite(t.doubles()[0]) ? t.doubles()[0] : fallback;
  }

  /** The balancing method the file records ("nir" for a graph from another tool). */
  public String method() {
    return text(DeepSnnKeys.METHOD).orElse("nir");
  }

  private Layer layer(SpikingLayer l) {
    Layer x = layers.get(l.name());
    if (x == null) {
      throw new NirException("layer '" + l.name() + "' has no IF node");
    }
    return x;
  }

  /**
   * A converted network with the file's thresholds (no balancing), to save as {@code .snn} and
   * simulate.
   *
   * @param norm the input normalisation
   * @param inputScaleRule how λ_in was chosen, as the {@code .snn} file records it
   * @param seed the Poisson seed
   * @param provenance where it came from
   */
  public ConvertedNetwork toConverted(Normalization norm, String inputScaleRule, long seed, List<String> classNames,
                                      Provenance provenance) {
    return toConverted(norm, inputScaleRule, inputMode(), seed, classNames, provenance);
  }

  /** As {@link #toConverted(Normalization, String, long, List, Provenance)}, with the input mode given. */
  public ConvertedNetwork toConverted(Normalization norm, String inputScaleRule, String inputMode, long seed,
                                      List<String> classNames, Provenance provenance) {
    SpikingNetwork net = SpikingNetwork.compile(graph);
    List<LayerThreshold> records = new ArrayList<>();
    boolean calibrated = false;
    for (SpikingLayer l : net.layers().subList(1, net.size())) {
      Layer x = layer(l);
      calibrated |= x.biasCorrection() != null;
      records.add(new LayerThreshold(l.index(), l.name(), Double.NaN, Double.NaN, x.threshold(), x.unity(),
          "from NIR node '" + x.nirName() + "'", x.biasCorrection() == null ? null
          : Arrays.copyOf(x.biasCorrection(), x.biasCorrection().length)));
    }
    ConversionInfo info = new ConversionInfo(method(), number(DeepSnnKeys.PERCENTILE, 0),
        (int) number(DeepSnnKeys.CALIBRATION_IMAGES, 0), (int) number(DeepSnnKeys.CALIBRATION_STEPS, 0),
        text(DeepSnnKeys.RESIDUAL).orElse("unity"), inputScaleRule, inputScale, inputMode, "zero", seed, 0, false, 0,
        0, calibrated ? "bias" : "none", calibrated ? (int) number(DeepSnnKeys.BIAS_CALIBRATION_STEPS, 0) : 0);
    return new ConvertedNetwork(graph, records, info, norm, classNames, provenance);
  }
}
