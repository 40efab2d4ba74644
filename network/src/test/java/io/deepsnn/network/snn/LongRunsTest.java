package io.deepsnn.network.snn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The unrolled and the plain paths of the innermost kernel loop add exactly the given run. */
class LongRunsTest {
  private static long[] run(int n, boolean subtract) {
    long[] v = new long[n + 4];
    long[] w = new long[n + 3];
    for (int i = 0; i < v.length; i++) {
      v[i] = 100 * i;
    }
    for (int i = 0; i < w.length; i++) {
      w[i] = i + 1;
    }
    if (subtract) {
      LongRuns.subtract(v, 2, w, 3, n);
    } else {
      LongRuns.add(v, 2, w, 3, n);
    }
    return v;
  }

  @Test
  void addsAndSubtractsTheRunOnly() {
    // n = 8 (unrolled): v[2..10) += w[3..11) = 4..11
    assertArrayEquals(new long[] {0, 100, 204, 305, 406, 507, 608, 709, 810, 911, 1000, 1100}, run(8, false));
    assertArrayEquals(new long[] {0, 100, 196, 295, 394, 493, 592, 691, 790, 889, 1000, 1100}, run(8, true));
    // n = 3 (plain loop)
    assertArrayEquals(new long[] {0, 100, 204, 305, 406, 500, 600}, run(3, false));
    assertArrayEquals(new long[] {0, 100, 196, 295, 394, 500, 600}, run(3, true));
  }

  @Test
  void sixteenIsTwoUnrolledBlocks() {
    long[] v = run(16, false);
    for (int i = 0; i < v.length; i++) {
      long expected = 100L * i + (i >= 2 && i < 18 ? i + 2 : 0);
      org.junit.jupiter.api.Assertions.assertEquals(expected, v[i], "index " + i);
    }
  }

  @Test
  void fireToZeroFiresExactlyTheNeuronsAtOrAboveThresholdInIndexOrderAndResetsThem() {
    // Hand-built: 11 neurons (one full vector of 8 and a tail of 3), θ = 5; equality fires.
    long[] v = {0, 5, 4, -7, 6, 1, 1, 1, 5, 2, 9};
    int[] out = new int[v.length + 2];
    out[0] = -1;
    int n = LongRuns.fireToZero(v, v.length, 5, out, 1, 100);
    assertEquals(5, n);
    assertArrayEquals(new int[] {-1, 101, 104, 108, 110}, java.util.Arrays.copyOf(out, n));
    assertArrayEquals(new long[] {0, 0, 4, -7, 0, 1, 1, 1, 0, 2, 0}, v);
  }

  @Test
  void fireToZeroMatchesTheScalarRuleOnRandomMembranes() {
    java.util.Random rnd = new java.util.Random(9);
    for (int round = 0; round < 200; round++) {
      int len = rnd.nextInt(70);
      long th = 1 + rnd.nextInt(1000);
      long[] v = new long[len];
      for (int i = 0; i < len; i++) {
        v[i] = rnd.nextInt(10) == 0 ? th + rnd.nextInt(3) - 1 : rnd.nextInt(2000) - 1000;
      }
      long[] want = v.clone();
      int[] wantOut = new int[len];
      int m = 0;
      for (int i = 0; i < len; i++) {
        if (want[i] >= th) {
          wantOut[m++] = 7 + i;
          want[i] = 0;
        }
      }
      int[] out = new int[len];
      int n = LongRuns.fireToZero(v, len, th, out, 0, 7);
      assertEquals(m, n, "round " + round);
      assertArrayEquals(java.util.Arrays.copyOf(wantOut, m), java.util.Arrays.copyOf(out, n));
      assertArrayEquals(want, v);
    }
  }
}
