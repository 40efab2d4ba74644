package io.deepsnn.network.onnx;

import io.deepsnn.network.graph.Graph;
import java.util.Map;

/**
 * An imported ONNX model.
 *
 * @param graph the typed, shape-checked graph
 * @param opset the default-domain opset version of the file
 * @param producer who wrote the file, e.g. {@code pytorch 1.13.0}
 * @param metadata the model's {@code metadata_props}
 */
public record OnnxModel(Graph graph, long opset, String producer, Map<String, String> metadata) {
}
