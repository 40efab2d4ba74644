package io.deepsnn.network.nir;

/**
 * The metadata this project adds to the NIR files it writes, under names no NIR node uses. Other
 * tools ignore them; the importer uses them to restore a converted network exactly (the threshold
 * and the ANN's bias as doubles and floats rather than as their NIR-side images), and reads a file
 * without them by NIR's semantics alone.
 */
final class DeepSnnKeys {
  // Graph metadata.
  /** λ_in, the input scale the rate code divides by (SEMANTICS §2). */
  static final String INPUT_SCALE = "deepsnn_input_scale";
  /** Per-channel mean of the input normalisation. */
  static final String MEAN = "deepsnn_mean";
  /** Per-channel standard deviation of the input normalisation. */
  static final String STD = "deepsnn_std";
  /** Seed of the Poisson input. */
  static final String SEED = "deepsnn_seed";
  /** The reset rule: always "zero" in an export (NIR's IF resets to v_reset). */
  static final String RESET = "deepsnn_reset";
  /** The input the network was calibrated with: "poisson" or "analog". */
  static final String INPUT_MODE = "deepsnn_input_mode";
  /** The threshold balancing method. */
  static final String METHOD = "deepsnn_method";
  /** Class names in label order. */
  static final String CLASSES = "deepsnn_classes";
  /** The ONNX model it was converted from. */
  static final String SOURCE = "deepsnn_source_model";
  /** The tool version that wrote the file. */
  static final String TOOL_VERSION = "deepsnn_tool_version";
  /** Thresholds inside residual units: "unity" or "balanced". */
  static final String RESIDUAL = "deepsnn_residual";
  /** p of data-percentile balancing. */
  static final String PERCENTILE = "deepsnn_percentile";
  /** Calibration images the thresholds were balanced on. */
  static final String CALIBRATION_IMAGES = "deepsnn_calibration_images";
  /** Spike-Norm's timesteps per calibration image. */
  static final String CALIBRATION_STEPS = "deepsnn_calibration_steps";
  /** The timesteps T_c bias calibration simulated (0 without it). */
  static final String BIAS_CALIBRATION_STEPS = "deepsnn_bias_calibration_steps";
  /** A one-line statement of the time-stepped semantics, for people reading the file. */
  static final String SEMANTICS = "deepsnn_semantics";

  // IF node metadata.
  /** θ exactly (v_threshold holds the value one fixed-point step below, for NIR's strict test). */
  static final String THRESHOLD = "deepsnn_threshold";
  /** 1 when θ was fixed to 1 inside a residual unit. */
  static final String UNITY = "deepsnn_unity";
  /** 1 when the ANN has a ReLU here (0 for the output layer's logits and a junction without one). */
  static final String RELU = "deepsnn_relu";
  /** The trained clip level of a clipped ReLU. */
  static final String CLIP_LEVEL = "deepsnn_clip_level";
  /** The bias calibration's current per channel, included in the first synaptic node's bias. */
  static final String BIAS_CORRECTION = "deepsnn_bias_correction";

  // Every node's metadata.
  /** The name the node has in this project's graph (NIR names are HDF5-safe, so may differ). */
  static final String NAME = "deepsnn_name";

  // Conv2d / Affine metadata.
  /** The ANN's own bias (float32), of which the NIR bias is the current b / Λ_src. */
  static final String ANN_BIAS = "deepsnn_ann_bias";
  /** "A" on the fixed 1×1 convolution that stands for a type-A shortcut. */
  static final String SHORTCUT = "deepsnn_shortcut";

  private DeepSnnKeys() {
  }
}
