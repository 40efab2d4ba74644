package io.deepsnn.network.snn;

/**
 * The innermost loop of the event-driven kernels: adding (or subtracting) a contiguous run of
 * fixed-point weights to a contiguous run of membranes.
 */
final class LongRuns {
  /**
   * Whether runs go through {@link VectorRuns}: when the JVM has the incubating Vector API
   * ({@code --add-modules jdk.incubator.vector}), its preferred vectors hold at least four longs,
   * and {@code -Ddeepsnn.vector=false} was not given. Otherwise the scalar loops below; both give
   * the same sums.
   */
  static final boolean VECTOR = vectorAvailable();

  private LongRuns() {
  }

  private static boolean vectorAvailable() {
    if (!Boolean.parseBoolean(System.getProperty("deepsnn.vector", "true"))
        || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return false;
    }
    try {
      return VectorRuns.lanes() >= 4;
    } catch (LinkageError e) {
      return false;
    }
  }

  /** Which kernel adds runs in this JVM, for reports: "vector (8 longs)" or "scalar". */
  static String kernel() {
    return VECTOR ? "vector (" + VectorRuns.lanes() + " longs)" : "scalar";
  }

  /**
   * {@code v[base..base+n) += w[wb..wb+n)}. Unrolled by eight where {@code n} allows: measured here
   * 1.4× faster than the plain loop for the short runs (8–32 output channels) of small nets.
   */
  static void add(long[] v, int base, long[] w, int wb, int n) {
    if (VECTOR && n >= 8) {
      VectorRuns.add(v, base, w, wb, n);
    } else if ((n & 7) == 0) {
      for (int o = 0; o < n; o += 8) {
        int b = base + o;
        int c = wb + o;
        v[b] += w[c];
        v[b + 1] += w[c + 1];
        v[b + 2] += w[c + 2];
        v[b + 3] += w[c + 3];
        v[b + 4] += w[c + 4];
        v[b + 5] += w[c + 5];
        v[b + 6] += w[c + 6];
        v[b + 7] += w[c + 7];
      }
    } else {
      for (int o = 0; o < n; o++) {
        v[base + o] += w[wb + o];
      }
    }
  }

  /** {@code v[base..base+n) -= w[wb..wb+n)}, unrolled like {@link #add}. */
  static void subtract(long[] v, int base, long[] w, int wb, int n) {
    if (VECTOR && n >= 8) {
      VectorRuns.subtract(v, base, w, wb, n);
    } else if ((n & 7) == 0) {
      for (int o = 0; o < n; o += 8) {
        int b = base + o;
        int c = wb + o;
        v[b] -= w[c];
        v[b + 1] -= w[c + 1];
        v[b + 2] -= w[c + 2];
        v[b + 3] -= w[c + 3];
        v[b + 4] -= w[c + 4];
        v[b + 5] -= w[c + 5];
        v[b + 6] -= w[c + 6];
        v[b + 7] -= w[c + 7];
      }
    } else {
      for (int o = 0; o < n; o++) {
        v[base + o] -= w[wb + o];
      }
    }
  }

  /**
   * Fires, with reset to zero, every neuron of {@code v[0..n)} at or above {@code th}, in index
   * order; appends {@code offset + index} to {@code out} from {@code count}; returns the new count.
   */
  static int fireToZero(long[] v, int n, long th, int[] out, int count, int offset) {
    if (VECTOR) {
      return VectorRuns.fireToZero(v, n, th, out, count, offset);
    }
    for (int i = 0; i < n; i++) {
      if (v[i] >= th) {
        out[count++] = offset + i;
        v[i] = 0;
      }
    }
    return count;
  }
}
