package io.deepsnn.network.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * One labelled image of a data set.
 *
 * <p>The pixel array belongs to the sample: streams allocate a new one for every sample, so a
 * consumer may keep it, hand it to another thread or modify it.
 *
 * @param index the image's position in its data set (0-based); views made by
 *     {@link Datasets#limit} and {@link Datasets#subset} keep the original index, so results
 *     can be traced back to the image
 * @param label the class, {@code 0 <= label < numClasses()} of the data set
 * @param pixels unsigned 0–255 values (read them with {@code b & 0xFF}) in channel-major
 *     C×H×W order, the NCHW layout of ONNX and PyTorch
 */
public record Sample(long index, int label, byte[] pixels) {

  /**
   * Checks the components.
   *
   * @param index position in the data set, at least 0
   * @param label class, at least 0
   * @param pixels unsigned C×H×W values, kept (not copied)
   * @throws IllegalArgumentException if the index or label is negative
   * @throws NullPointerException if pixels is null
   */
  public Sample {
    if (index < 0) {
      throw new IllegalArgumentException("negative sample index " + index);
    }
    if (label < 0) {
      throw new IllegalArgumentException("negative label " + label);
    }
    Objects.requireNonNull(pixels, "pixels");
  }

  /**
   * Reads one pixel value.
   *
   * @param i position in the C×H×W array
   * @return the unsigned value 0–255
   */
  public int pixel(int i) {
    return pixels[i] & 0xFF;
  }

  /** Compares by content, pixels included (a record would compare the array references). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Sample s
        && s.index == index
        && s.label == label
        && Arrays.equals(s.pixels, pixels);
  }

  /** Hashes by content, consistent with {@link #equals}. */
  @Override
  public int hashCode() {
    return Objects.hash(index, label, Arrays.hashCode(pixels));
  }

  /** Summarises the sample; printing hundreds of thousands of pixel values helps nobody. */
  @Override
  public String toString() {
    return "Sample[index=" + index + ", label=" + label + ", pixels=" + pixels.length + " bytes]";
  }
}
