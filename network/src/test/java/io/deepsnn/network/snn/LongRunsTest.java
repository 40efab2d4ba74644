package io.deepsnn.network.snn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
}
