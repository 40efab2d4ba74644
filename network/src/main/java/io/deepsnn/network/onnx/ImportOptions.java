package io.deepsnn.network.onnx;

import io.deepsnn.network.graph.Shape;

/**
 * Options of {@link OnnxImporter}.
 *
 * @param inputShape C×H×W to use where the model's input shape is missing or dynamic (null: none)
 * @param maxTensorBytes largest tensor (initializer or constant) accepted, so that a hostile file
 *     cannot make the importer allocate without bound
 * @param biases accept conv and fully connected biases and BatchNormalization after them (folded:
 *     SEMANTICS §7, a constant current in the SNN); false refuses them as the paper's method does
 * @param maxPools accept MaxPool (a gate in the SNN, SEMANTICS §7); false refuses it as the paper's
 *     method does
 */
public record ImportOptions(Shape inputShape, long maxTensorBytes, boolean biases, boolean maxPools) {

  /** Options that accept max pooling. */
  public ImportOptions(Shape inputShape, long maxTensorBytes, boolean biases) {
    this(inputShape, maxTensorBytes, biases, true);
  }

  /** Default tensor limit: 1 GiB, above VGG-16's largest ImageNet layer (~392 MiB). */
  public static final long DEFAULT_MAX_TENSOR_BYTES = 1L << 30;

  /** Validates the limit. */
  public ImportOptions {
    if (maxTensorBytes < 1) {
      throw new IllegalArgumentException("maxTensorBytes must be positive");
    }
  }

  /** No input-shape override, default tensor limit, biases and BatchNorm accepted. */
  public static ImportOptions defaults() {
    return new ImportOptions(null, DEFAULT_MAX_TENSOR_BYTES, true);
  }

  /** A copy with the given input shape override. */
  public ImportOptions withInputShape(Shape shape) {
    return new ImportOptions(shape, maxTensorBytes, biases, maxPools);
  }

  /** A copy with the given tensor limit. */
  public ImportOptions withMaxTensorBytes(long bytes) {
    return new ImportOptions(inputShape, bytes, biases, maxPools);
  }

  /**
   * Parses the bias mode of the command line and experiment files: {@code current} (accept biases
   * and BatchNorm as currents: true) or {@code refuse} (false).
   */
  public static boolean parseBiasMode(String mode) {
    return switch (mode.toLowerCase(java.util.Locale.ROOT)) {
      case "current" -> true;
      case "refuse" -> false;
      default -> throw new IllegalArgumentException("unknown bias mode '" + mode + "' (current or refuse)");
    };
  }

  /** A copy that accepts biases and BatchNorm, or (false) refuses them like the paper's method. */
  public ImportOptions withBiases(boolean accept) {
    return new ImportOptions(inputShape, maxTensorBytes, accept, maxPools);
  }

  /** A copy that accepts max pooling as a gate, or (false) refuses it like the paper's method. */
  public ImportOptions withMaxPools(boolean accept) {
    return new ImportOptions(inputShape, maxTensorBytes, biases, accept);
  }

  /** Parses {@code gate} (accept max pooling: true) or {@code refuse} (false). */
  public static boolean parseMaxPoolMode(String mode) {
    return switch (mode.toLowerCase(java.util.Locale.ROOT)) {
      case "gate" -> true;
      case "refuse" -> false;
      default -> throw new IllegalArgumentException("unknown max-pool mode '" + mode + "' (gate or refuse)");
    };
  }
}
