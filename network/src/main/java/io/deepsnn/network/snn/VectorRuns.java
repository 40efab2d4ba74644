package io.deepsnn.network.snn;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LongRuns} on SIMD registers (the incubating Vector API of JDK 17): on this project's
 * 2-core AVX-512 machine, 8 longs per instruction made a run of 16–128 weights 1.6–1.8× faster
 * than the unrolled scalar loop (0.53 against 0.84 ns per weight at 16, 0.26 against 0.47 at 128;
 * docs/PERFORMANCE.md). Integer additions are exact, so results are the scalar ones bit for bit.
 * Only loaded when the JVM was started with {@code --add-modules jdk.incubator.vector} (bin/snn
 * does); see {@link LongRuns#VECTOR}.
 */
final class VectorRuns {
  private static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_PREFERRED;

  private VectorRuns() {
  }

  /** Longs per vector on this machine. */
  static int lanes() {
    return SPECIES.length();
  }

  /** {@code v[base..base+n) += w[wb..wb+n)}. */
  static void add(long[] v, int base, long[] w, int wb, int n) {
    int o = 0;
    for (int up = SPECIES.loopBound(n); o < up; o += SPECIES.length()) {
      LongVector.fromArray(SPECIES, v, base + o).add(LongVector.fromArray(SPECIES, w, wb + o)).intoArray(v, base + o);
    }
    for (; o < n; o++) {
      v[base + o] += w[wb + o];
    }
  }

  /** {@code v[base..base+n) -= w[wb..wb+n)}. */
  static void subtract(long[] v, int base, long[] w, int wb, int n) {
    int o = 0;
    for (int up = SPECIES.loopBound(n); o < up; o += SPECIES.length()) {
      LongVector.fromArray(SPECIES, v, base + o).sub(LongVector.fromArray(SPECIES, w, wb + o)).intoArray(v, base + o);
    }
    for (; o < n; o++) {
      v[base + o] -= w[wb + o];
    }
  }

  /**
   * Fires, with reset to zero, every neuron of {@code v[0..n)} at or above {@code th}, a vector of
   * membranes at a time: most vectors hold no neuron at threshold and cost one compare; the others
   * go neuron by neuron, in index order. Appends {@code offset + index} to {@code out} from
   * {@code count} and returns the new count.
   */
  static int fireToZero(long[] v, int n, long th, int[] out, int count, int offset) {
    LongVector limit = LongVector.broadcast(SPECIES, th);
    int i = 0;
    for (int up = SPECIES.loopBound(n); i < up; i += SPECIES.length()) {
      if (LongVector.fromArray(SPECIES, v, i).compare(VectorOperators.GE, limit).anyTrue()) {
        for (int k = i, end = i + SPECIES.length(); k < end; k++) {
          if (v[k] >= th) {
            out[count++] = offset + k;
            v[k] = 0;
          }
        }
      }
    }
    for (; i < n; i++) {
      if (v[i] >= th) {
        out[count++] = offset + i;
        v[i] = 0;
      }
    }
    return count;
  }
}
