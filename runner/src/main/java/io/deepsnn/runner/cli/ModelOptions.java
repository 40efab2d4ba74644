package io.deepsnn.runner.cli;

import io.deepsnn.network.data.Normalization;
import io.deepsnn.network.graph.Conv2d;
import io.deepsnn.network.graph.Dense;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.graph.Node;
import io.deepsnn.network.graph.Shape;
import io.deepsnn.network.nir.NirException;
import io.deepsnn.network.nir.NirFiles;
import io.deepsnn.network.nir.NirGraph;
import io.deepsnn.network.nir.NirImporter;
import io.deepsnn.network.nir.NirNetwork;
import io.deepsnn.network.onnx.ImportOptions;
import io.deepsnn.network.onnx.ModelMetadata;
import io.deepsnn.network.onnx.OnnxImporter;
import io.deepsnn.network.onnx.OnnxModel;
import io.deepsnn.runner.pipeline.BundledDemo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * Options that pick and import a model (shared by every command that reads one): an ONNX ANN, or a
 * NIR graph of IF neurons ({@code .nir}, docs/SEMANTICS.md §8).
 */
public final class ModelOptions {
  @Option(names = "--model", paramLabel = "MODEL.onnx|MODEL.nir",
      description = "ONNX model (its metadata JSON, MODEL.json, is read from beside it if present), or a NIR graph "
          + "(.nir) of IF neurons. Default: the bundled Fashion-MNIST net.")
  Path model;

  @Option(names = "--input-shape", paramLabel = "C,H,W", converter = ShapeConverter.class,
      description = "Input shape where the model's is dynamic or missing.")
  Shape inputShape;

  @Option(names = "--max-tensor-mb", paramLabel = "MB",
      description = "Refuse any weight tensor larger than this (default: ${DEFAULT-VALUE} MB).")
  long maxTensorMb;

  @Option(names = "--bias", paramLabel = "current|refuse",
      description = "Conv and fully connected biases, and BatchNorm after them (folded): a constant current in the "
          + "SNN (current, beyond the paper), or refused as the paper's method does (default: ${DEFAULT-VALUE}).")
  String bias;

  @Option(names = "--maxpool", paramLabel = "gate|refuse",
      description = "Max pooling: a gate in the SNN that passes the spikes of each window's most active input "
          + "(gate, beyond the paper), or refused as the paper's method does (default: ${DEFAULT-VALUE}).")
  String maxpool;

  /**
   * A model with its metadata.
   *
   * @param onnx the imported graph (for a NIR file: its graph, opset 0, producer "NIR version")
   * @param nir the NIR graph's import, with its thresholds, when the model is a {@code .nir} file
   */
  public record LoadedModel(Path path, OnnxModel onnx, Optional<ModelMetadata> metadata, Optional<NirNetwork> nir) {
    /** An ONNX model. */
    public LoadedModel(Path path, OnnxModel onnx, Optional<ModelMetadata> metadata) {
      this(path, onnx, metadata, Optional.empty());
    }

    /** The graph. */
    public Graph graph() {
      return onnx.graph();
    }

    /** Whether it is a NIR graph. */
    public boolean isNir() {
      return nir.isPresent();
    }
  }

  /** Whether {@code path} names a NIR file (by its extension). */
  public static boolean isNir(Path path) {
    return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".nir");
  }

  /** Whether the chosen model is a NIR file. */
  public boolean isNir() {
    return model != null && isNir(model);
  }

  /**
   * Imports the chosen model (or the bundled one). A NIR graph from another tool, which records no
   * λ_in, gets the {@code range} rule's of the normalisation the file or its JSON gives (else 1).
   */
  public LoadedModel load() {
    return load(Double.NaN);
  }

  /**
   * Imports the chosen model (or the bundled one).
   *
   * @param nirInputScale λ_in a NIR graph is driven with, whatever it records (NaN: as {@link
   *     #load()}); the graph's bias currents stay, and the ANN biases of this project's graph follow
   */
  public LoadedModel load(double nirInputScale) {
    Path path = model != null ? model : BundledDemo.model();
    if (isNir(path)) {
      return loadNir(path, nirInputScale);
    }
    ImportOptions options = ImportOptions.defaults().withInputShape(inputShape)
        .withMaxTensorBytes(Math.max(1, maxTensorMb) * 1024L * 1024L).withBiases(ImportOptions.parseBiasMode(bias))
        .withMaxPools(ImportOptions.parseMaxPoolMode(maxpool));
    OnnxModel onnx = new OnnxImporter(options).importFile(path);
    return new LoadedModel(path, onnx, ModelMetadata.findBeside(path));
  }

  private LoadedModel loadNir(Path path, double inputScale) {
    if (inputShape != null) {
      throw new IllegalArgumentException("--input-shape: the Input node of " + path + " fixes the input shape");
    }
    NirGraph g;
    try {
      g = NirFiles.read(path, Math.max(1, maxTensorMb) * 1024L * 1024L);
    } catch (IOException e) {
      throw new NirException(path + ": " + e.getMessage(), e);
    }
    Optional<ModelMetadata> beside = ModelMetadata.findBeside(path);
    double lambda = inputScale;
    if (Double.isNaN(lambda)) {
      lambda = NirImporter.recordedInputScale(g);
    }
    if (Double.isNaN(lambda)) {
      lambda = beside.filter(md -> md.mean().length > 0 && md.std().length > 0)
          .map(md -> new Normalization(md.mean(), md.std()).maxAbsValue()).orElse(1.0);
    }
    NirNetwork net = NirImporter.withInputScale(g, path.toString(), lambda);
    if (!ImportOptions.parseBiasMode(bias)) {
      for (Node n : net.graph().nodes()) {
        if (n.op() instanceof Conv2d c && c.hasBias() || n.op() instanceof Dense d && d.hasBias()) {
          throw new IllegalArgumentException(path + ": node '" + n.name() + "' carries a bias (a current in the SNN); "
              + "--bias refuse keeps the paper's bias-free networks");
        }
      }
    }
    ImportOptions.parseMaxPoolMode(maxpool); // validated; a NIR graph has no max pool to gate or refuse
    List<String> classes = !net.classNames().isEmpty() ? net.classNames()
        : beside.map(ModelMetadata::classNames).orElse(List.of());
    Optional<ModelMetadata> md = net.normalization()
        .map(norm -> new ModelMetadata(path, "nir", norm.mean(), norm.std(), classes, Double.NaN, 0, 0, ""))
        .or(() -> beside);
    OnnxModel onnx = new OnnxModel(net.graph(), 0, "NIR " + net.version()
        + (net.fromDeepSnn() ? ", exported by DeepSNN" : ""), Map.of());
    return new LoadedModel(path, onnx, md, Optional.of(net));
  }

  /** The bundled model with the default import options (for commands that take no model options). */
  public static LoadedModel bundled() {
    Path path = BundledDemo.model();
    return new LoadedModel(path, new OnnxImporter(ImportOptions.defaults()).importFile(path),
        ModelMetadata.findBeside(path));
  }

  /** Whether the bundled model is used. */
  public boolean isBundled() {
    return model == null;
  }

  /** Parses {@code C,H,W}. */
  public static final class ShapeConverter implements ITypeConverter<Shape> {
    @Override
    public Shape convert(String value) {
      return Shape.parse(value);
    }
  }
}
