package io.deepsnn.normalizer;

import java.util.Arrays;

/**
 * Collects activation values to take their maximum or a percentile. Above a cap it keeps an
 * evenly spaced subsample (every k-th value), so memory stays bounded on large layers.
 */
final class FloatCollector {
  /** Values kept at most: 32 million floats, 128 MB. */
  static final int CAP = 1 << 25;

  private float[] values = new float[1024];
  private int size;
  private long seen;
  private int stride = 1;
  private float max = Float.NEGATIVE_INFINITY;

  void add(float v) {
    max = Math.max(max, v);
    long i = seen++;
    if (i % stride != 0) {
      return;
    }
    if (size == values.length) {
      if (size >= CAP) {
        // Keep the values at even positions (indices that are multiples of 2·stride) and halve the rate.
        for (int k = 0; k < size / 2; k++) {
          values[k] = values[2 * k];
        }
        size /= 2;
        stride *= 2;
        if (i % stride != 0) {
          return;
        }
      } else {
        values = Arrays.copyOf(values, Math.min(CAP, size * 2));
      }
    }
    values[size++] = v;
  }

  /** Number of values added. */
  long count() {
    return seen;
  }

  float max() {
    return max;
  }

  /**
   * The p-th percentile (0 &lt; p ≤ 100) of the kept values by SEMANTICS §5: linear interpolation
   * between the two closest ranks, at index (n − 1)·p/100 into the sorted values (numpy's default);
   * NaN when empty.
   */
  double percentile(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    float[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    double index = (size - 1) * (p / 100.0);
    int lo = (int) Math.floor(index);
    int hi = Math.min(size - 1, lo + 1);
    double frac = index - lo;
    return frac == 0 ? sorted[lo] : sorted[lo] + frac * ((double) sorted[hi] - sorted[lo]);
  }
}
