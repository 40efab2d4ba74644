package io.deepsnn.network.snn;

import io.deepsnn.network.graph.Shape;

/**
 * The Poisson rate code of one image (SEMANTICS §2): at timestep t, element k (C×H×W index)
 * spikes with the sign of x_k when u(seed, i, t, k) &lt; |x_k| / λ_in. Spikes are emitted as
 * channels-last indices, in increasing order, negative ones as {@code ~index}.
 */
public final class InputEncoder {
  private final long seed;
  private final long image;
  /** C×H×W indices of the elements that can fire (x_k ≠ 0). */
  private final int[] elements;
  private final double[] probability;
  private final int[] code;

  /** Encoder of {@code input} for a network whose input has shape {@code shape}. */
  public InputEncoder(Shape shape, SnnInput input, double inputScale, long seed) {
    this(shape, input, inputScale, seed, 0, shape.height());
  }

  /**
   * Encoder of the rows {@code [rowFrom, rowTo)} of {@code input} only (one input tile's share): the
   * numbers depend on (seed, image, t, k) alone, so tiles together emit exactly the whole image's spikes.
   */
  public InputEncoder(Shape shape, SnnInput input, double inputScale, long seed, int rowFrom, int rowTo) {
    double[] x = input.x();
    if (x.length != shape.size()) {
      throw new IllegalArgumentException("image " + input.index() + " has " + x.length + " values, the network expects "
          + shape.size());
    }
    this.seed = seed;
    this.image = input.index();
    int width = shape.width();
    int n = 0;
    for (int k = 0; k < x.length; k++) {
      int y = (k % shape.planeSize()) / width;
      n += x[k] != 0 && y >= rowFrom && y < rowTo ? 1 : 0;
    }
    elements = new int[n];
    probability = new double[n];
    code = new int[n];
    // Channels-last order, so that the spikes of one pixel leave together (a conv scatters them
    // as a group); the draws depend on k alone, so the order changes no spike.
    int plane = shape.planeSize();
    int j = 0;
    for (int pix = rowFrom * width; pix < rowTo * width; pix++) {
      for (int c = 0; c < shape.channels(); c++) {
        int k = c * plane + pix;
        if (x[k] == 0) {
          continue;
        }
        int hwc = pix * shape.channels() + c;
        elements[j] = k;
        probability[j] = Math.abs(x[k]) / inputScale;
        code[j] = x[k] > 0 ? hwc : ~hwc;
        j++;
      }
    }
  }

  /** Writes the spikes of timestep {@code t} into {@code out} and returns how many. */
  public int emit(int t, int[] out) {
    long base = CounterRng.base(seed, image, t);
    int n = 0;
    for (int j = 0; j < elements.length; j++) {
      if (CounterRng.uniform(base, elements[j]) < probability[j]) {
        out[n++] = code[j];
      }
    }
    return n;
  }

  /** The largest possible number of spikes per timestep. */
  public int capacity() {
    return elements.length;
  }
}
