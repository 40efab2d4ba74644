package io.deepsnn.network.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Per-channel normalisation on the 0–1 pixel scale, as torchvision's
 * {@code ToTensor()} + {@code Normalize(mean, std)}: {@code x = (pixel/255 − mean_c) / std_c}.
 *
 * <p>Means and standard deviations are given either once for all channels (length 1) or once
 * per channel. Two precisions are offered on purpose: {@link #toFloat} reproduces PyTorch's
 * float32 result bit for bit, so the ANN here agrees with the exported model; {@link #value}
 * computes in double, the reference the spike encoder uses so that every implementation of the
 * simulator encodes the same input.
 */
public final class Normalization {

  /** No normalisation beyond scaling to 0–1: mean 0, std 1. */
  public static final Normalization NONE = new Normalization(new double[] {0}, new double[] {1});

  private final double[] mean;
  private final double[] std;
  private final float[] meanF;
  private final float[] stdF;

  /**
   * Creates a normalisation.
   *
   * @param mean per-channel means on the 0–1 scale, 1 value (broadcast) or one per channel
   * @param std per-channel standard deviations, positive, 1 value or one per channel
   * @throws IllegalArgumentException naming the field: empty, not finite, std ≤ 0, or two
   *     per-channel lengths that disagree
   */
  public Normalization(double[] mean, double[] std) {
    this.mean = check("mean", mean).clone();
    this.std = check("std", std).clone();
    for (int c = 0; c < this.std.length; c++) {
      if (!(this.std[c] > 0)) {
        throw new IllegalArgumentException("std: value " + (c + 1) + " must be > 0, got "
            + this.std[c]);
      }
    }
    if (this.mean.length > 1 && this.std.length > 1 && this.mean.length != this.std.length) {
      throw new IllegalArgumentException("mean has " + this.mean.length + " values but std has "
          + this.std.length + "; give 1 value or one per channel for each");
    }
    this.meanF = toFloats(this.mean);
    this.stdF = toFloats(this.std);
  }

  /**
   * Parses comma-separated lists such as {@code "0.4914,0.4822,0.4465"}, as given on a command
   * line; spaces around the numbers are allowed.
   *
   * @param means the means
   * @param stds the standard deviations
   * @return the normalisation
   * @throws IllegalArgumentException naming the field ("mean" or "std") and the bad value
   */
  public static Normalization parse(String means, String stds) {
    return new Normalization(parseList("mean", means), parseList("std", stds));
  }

  /**
   * Normalises an image in float32 exactly as PyTorch does: {@code p / 255f} (ToTensor), then
   * {@code - (float) mean_c} and {@code / (float) std_c} (Normalize), each step rounded to float.
   *
   * @param pixels unsigned bytes, C×H×W
   * @param channels C
   * @param out receives {@code pixels.length} values
   * @param offset where in {@code out} the first value goes
   * @throws IllegalArgumentException if the channel count does not fit the image or the
   *     mean/std lengths, or {@code out} is too short
   */
  public void toFloat(byte[] pixels, int channels, float[] out, int offset) {
    checkChannels(channels);
    if (pixels.length % channels != 0) {
      throw new IllegalArgumentException(pixels.length + " pixels are not " + channels
          + " equal channel planes");
    }
    if (offset < 0 || out.length - offset < pixels.length) {
      throw new IllegalArgumentException("output of " + out.length + " floats from offset "
          + offset + " cannot hold " + pixels.length + " values");
    }
    int plane = pixels.length / channels;
    for (int c = 0; c < channels; c++) {
      float m = meanF[mean.length == 1 ? 0 : c];
      float s = stdF[std.length == 1 ? 0 : c];
      int base = c * plane;
      for (int i = 0; i < plane; i++) {
        float scaled = (float) (pixels[base + i] & 0xFF) / 255f;
        out[offset + base + i] = (scaled - m) / s;
      }
    }
  }

  /**
   * Normalises one pixel value in double precision: {@code (pixel / 255.0 − mean_c) / std_c}.
   *
   * @param channel the channel c
   * @param pixel the unsigned value 0–255
   * @return the normalised value
   */
  public double value(int channel, int pixel) {
    if (pixel < 0 || pixel > 255) {
      throw new IllegalArgumentException("pixel value " + pixel + " is not in 0-255");
    }
    return (pixel / 255.0 - mean[index(mean, channel)]) / std[index(std, channel)];
  }

  /**
   * The largest |x| this normalisation produces for pixels in [0, 1]: the maximum over channels
   * of {@code max(|mean_c|, |1 − mean_c|) / std_c}, which is {@code max(mean_c, 1 − mean_c) /
   * std_c} for means in [0, 1]. The spike encoder scales input rates by it.
   *
   * @return the bound
   */
  public double maxAbsValue() {
    int channels = Math.max(mean.length, std.length);
    double max = 0;
    for (int c = 0; c < channels; c++) {
      double m = mean[index(mean, c)];
      max = Math.max(max, Math.max(Math.abs(m), Math.abs(1 - m)) / std[index(std, c)]);
    }
    return max;
  }

  /**
   * The means as given.
   *
   * @return a copy, 1 value or one per channel
   */
  public double[] mean() {
    return mean.clone();
  }

  /**
   * The standard deviations as given.
   *
   * @return a copy, 1 value or one per channel
   */
  public double[] std() {
    return std.clone();
  }

  /**
   * Checks that this normalisation can be applied to images with some number of channels.
   *
   * @param channels the channel count
   * @throws IllegalArgumentException if mean or std has several values but not that many
   */
  public void checkChannels(int channels) {
    if (channels < 1) {
      throw new IllegalArgumentException("channels must be at least 1, got " + channels);
    }
    for (String field : new String[] {"mean", "std"}) {
      int length = field.equals("mean") ? mean.length : std.length;
      if (length != 1 && length != channels) {
        throw new IllegalArgumentException(field + " has " + length + " values but the images"
            + " have " + channels + " channel" + (channels == 1 ? "" : "s")
            + "; give 1 value or " + channels);
      }
    }
  }

  /** Equal when means and standard deviations are equal as given (lengths included). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Normalization n && Arrays.equals(n.mean, mean)
        && Arrays.equals(n.std, std);
  }

  /** Consistent with {@link #equals}. */
  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(mean), Arrays.hashCode(std));
  }

  /** For instance {@code Normalization[mean=[0.286], std=[0.353]]}. */
  @Override
  public String toString() {
    return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
  }

  private static int index(double[] values, int channel) {
    if (channel < 0 || (values.length > 1 && channel >= values.length)) {
      throw new IllegalArgumentException("channel " + channel + " out of range for "
          + values.length + " per-channel values");
    }
    return values.length == 1 ? 0 : channel;
  }

  private static double[] check(String field, double[] values) {
    Objects.requireNonNull(values, field);
    if (values.length == 0) {
      throw new IllegalArgumentException(field + ": no values");
    }
    for (int c = 0; c < values.length; c++) {
      if (!Double.isFinite(values[c])) {
        throw new IllegalArgumentException(field + ": value " + (c + 1) + " is not a finite"
            + " number: " + values[c]);
      }
    }
    return values;
  }

  private static double[] parseList(String field, String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(field + ": no values (expected e.g. 0.5 or 0.49,0.48,0.45)");
    }
    String[] parts = text.split(",", -1);
    double[] values = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].strip();
      try {
        values[i] = Double.parseDouble(part);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(field + ": '" + part + "' is not a number", e);
      }
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(field + ": '" + part + "' is not a finite number");
      }
    }
    return values;
  }

  private static float[] toFloats(double[] values) {
    float[] f = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      f[i] = (float) values[i];
    }
    return f;
  }
}
