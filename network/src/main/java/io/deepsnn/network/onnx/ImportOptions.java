package io.deepsnn.network.onnx;

import io.deepsnn.network.graph.Shape;

/**
 * Options of {@link OnnxImporter}.
 *
 * @param inputShape C×H×W to use where the model's input shape is missing or dynamic (null: none)
 * @param maxTensorBytes largest tensor (initializer or constant) accepted, so that a hostile file
 *     cannot make the importer allocate without bound
 */
public record ImportOptions(Shape inputShape, long maxTensorBytes) {

  /** Default tensor limit: 1 GiB, above VGG-16's largest ImageNet layer (~392 MiB). */
  public static final long DEFAULT_MAX_TENSOR_BYTES = 1L << 30;

  /** Validates the limit. */
  public ImportOptions {
    if (maxTensorBytes < 1) {
      throw new IllegalArgumentException("maxTensorBytes must be positive");
    }
  }

  /** No input-shape override, default tensor limit. */
  public static ImportOptions defaults() {
    return new ImportOptions(null, DEFAULT_MAX_TENSOR_BYTES);
  }

  /** A copy with the given input shape override. */
  public ImportOptions withInputShape(Shape shape) {
    return new ImportOptions(shape, maxTensorBytes);
  }

  /** A copy with the given tensor limit. */
  public ImportOptions withMaxTensorBytes(long bytes) {
    return new ImportOptions(inputShape, bytes);
  }
}
