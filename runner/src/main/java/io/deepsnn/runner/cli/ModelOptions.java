package io.deepsnn.runner.cli;

import io.deepsnn.runner.pipeline.BundledDemo;
import io.deepsnn.network.graph.Shape;
import io.deepsnn.network.onnx.ImportOptions;
import io.deepsnn.network.onnx.ModelMetadata;
import io.deepsnn.network.onnx.OnnxImporter;
import io.deepsnn.network.onnx.OnnxModel;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** Options that pick and import an ONNX model (shared by every command that reads one). */
public final class ModelOptions {
  @Option(names = "--model", paramLabel = "MODEL.onnx",
      description = "ONNX model; its metadata JSON (MODEL.json) is read from beside it if present. "
          + "Default: the bundled Fashion-MNIST net.")
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

  /** A model with its metadata. */
  public record LoadedModel(Path path, OnnxModel onnx, Optional<ModelMetadata> metadata) {
  }

  /** Imports the chosen model (or the bundled one). */
  public LoadedModel load() {
    Path path = model != null ? model : BundledDemo.model();
    ImportOptions options = ImportOptions.defaults().withInputShape(inputShape)
        .withMaxTensorBytes(Math.max(1, maxTensorMb) * 1024L * 1024L).withBiases(ImportOptions.parseBiasMode(bias))
        .withMaxPools(ImportOptions.parseMaxPoolMode(maxpool));
    OnnxModel onnx = new OnnxImporter(options).importFile(path);
    return new LoadedModel(path, onnx, ModelMetadata.findBeside(path));
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
