package io.deepsnn.network.convert;

/**
 * Where a converted network came from.
 *
 * @param tool always {@code DeepSNN}
 * @param toolVersion version of the tool that wrote it
 * @param createdAt ISO-8601 instant
 * @param sourceModel path of the ONNX model converted
 * @param sourceModelSha256 its SHA-256 (hex)
 * @param command the command line or config that produced it
 * @param calibrationData what the calibration images were
 */
public record Provenance(String tool, String toolVersion, String createdAt, String sourceModel,
                         String sourceModelSha256, String command, String calibrationData) {
}
