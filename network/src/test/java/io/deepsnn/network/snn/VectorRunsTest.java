package io.deepsnn.network.snn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The SIMD runs equal a plain loop for every length around the vector width (whole vectors, a
 * tail, no whole vector), at unaligned offsets and with values that wrap, and the build's test
 * JVMs run with them (the surefire argLine adds the module), so every equivalence test covers them.
 */
class VectorRunsTest {
  @Test
  void theTestJvmUsesTheVectorKernel() {
    assertTrue(LongRuns.VECTOR, "surefire runs with --add-modules jdk.incubator.vector; kernel: " + LongRuns.kernel());
  }

  @Test
  void vectorRunsEqualThePlainLoop() {
    Random rnd = new Random(5);
    for (int n = 0; n <= 3 * VectorRuns.lanes() + 3; n++) {
      for (int offset = 0; offset < 3; offset++) {
        long[] v = rnd.longs(n + 7).toArray();
        long[] w = rnd.longs(n + 5).toArray();
        long[] added = v.clone();
        long[] subtracted = v.clone();
        long[] expectedAdd = v.clone();
        long[] expectedSub = v.clone();
        for (int o = 0; o < n; o++) {
          expectedAdd[offset + o] += w[2 + o];
          expectedSub[offset + o] -= w[2 + o];
        }
        VectorRuns.add(added, offset, w, 2, n);
        VectorRuns.subtract(subtracted, offset, w, 2, n);
        assertArrayEquals(expectedAdd, added, "add, n " + n + ", offset " + offset);
        assertArrayEquals(expectedSub, subtracted, "subtract, n " + n + ", offset " + offset);
      }
    }
  }
}
