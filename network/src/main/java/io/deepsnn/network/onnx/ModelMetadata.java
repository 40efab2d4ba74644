package io.deepsnn.network.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSON file that {@code tools/train} writes beside each ONNX model ({@code model.json} next to
 * {@code model.onnx}): input normalisation, class names and what PyTorch measured. Every field is
 * optional; absent numbers are NaN and absent lists are empty.
 *
 * @param file where it was read from
 * @param arch architecture name
 * @param mean per-channel mean on the 0–1 pixel scale (empty if absent)
 * @param std per-channel standard deviation on the 0–1 pixel scale (empty if absent)
 * @param classNames class names in label order (empty if absent)
 * @param testAccuracy PyTorch's top-1 accuracy on the full test set (fraction), or NaN
 * @param subsetImages size of the bundled subset PyTorch was also evaluated on, or 0
 * @param subsetCorrect images of that subset PyTorch classified correctly, or -1
 * @param subsetDescription what the subset is
 */
public record ModelMetadata(Path file, String arch, double[] mean, double[] std, List<String> classNames,
                            double testAccuracy, int subsetImages, int subsetCorrect, String subsetDescription) {

  /** The JSON file beside {@code model} ({@code x.onnx} → {@code x.json}), if there is one. */
  public static Optional<ModelMetadata> findBeside(Path model) {
    String name = model.getFileName().toString();
    String base = name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
    Path json = model.resolveSibling(base + ".json");
    return Files.isRegularFile(json) ? Optional.of(read(json)) : Optional.empty();
  }

  /**
   * Reads a metadata file.
   *
   * @throws OnnxImportException naming the file when it is not valid JSON or a field has the wrong type
   */
  public static ModelMetadata read(Path json) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json.toFile());
    } catch (IOException e) {
      throw new OnnxImportException(json + ": not a valid model metadata JSON file (" + e.getMessage() + ")", e);
    }
    if (root == null || !root.isObject()) {
      throw new OnnxImportException(json + ": model metadata must be a JSON object");
    }
    JsonNode subset = root.path("subset");
    return new ModelMetadata(json, root.path("arch").asText(""), doubles(root, "mean", json),
        doubles(root, "std", json), strings(root, "class_names", json),
        root.path("test_accuracy").isNumber() ? root.get("test_accuracy").asDouble() : Double.NaN,
        subset.path("images").asInt(0), subset.path("correct").isNumber() ? subset.get("correct").asInt() : -1,
        subset.path("description").asText(""));
  }

  private static double[] doubles(JsonNode root, String field, Path json) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return new double[0];
    }
    if (n.isNumber()) {
      return new double[] {n.asDouble()};
    }
    if (!n.isArray()) {
      throw new OnnxImportException(json + ": field '" + field + "' must be a number or a list of numbers");
    }
    double[] d = new double[n.size()];
    for (int i = 0; i < d.length; i++) {
      if (!n.get(i).isNumber()) {
        throw new OnnxImportException(json + ": field '" + field + "' must hold numbers only");
      }
      d[i] = n.get(i).asDouble();
    }
    return d;
  }

  private static List<String> strings(JsonNode root, String field, Path json) {
    JsonNode n = root.get(field);
    List<String> out = new ArrayList<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isArray()) {
      throw new OnnxImportException(json + ": field '" + field + "' must be a list of strings");
    }
    n.forEach(e -> out.add(e.asText()));
    return out;
  }
}
