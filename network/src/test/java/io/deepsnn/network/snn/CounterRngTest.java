package io.deepsnn.network.snn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Pins the test vector of SEMANTICS §2, so that other implementations make the same input spikes. */
class CounterRngTest {
  @Test
  void pinnedTestVector() {
    long base = CounterRng.base(42, 0, 0);
    int[] bits = {12673321, 7065990, 5956853, 6153218};
    double[] u = {0.7553887963294983, 0.4211658239364624, 0.35505610704421997, 0.36676037311553955};
    for (int k = 0; k < 4; k++) {
      assertEquals(bits[k], CounterRng.bits24(base, k), "24-bit integer for k=" + k);
      assertEquals(u[k], CounterRng.uniform(42, 0, 0, k), 0.0, "u for k=" + k);
    }
    assertEquals(0.21575069427490234, CounterRng.uniform(42, 3, 7, 100), 0.0);
  }

  @Test
  void fixedPointRoundTrips() {
    assertEquals(Fixed.ONE, Fixed.of(1.0));
    assertEquals(-Fixed.ONE / 2, Fixed.of(-0.5));
    assertEquals(0.25, Fixed.toDouble(Fixed.of(0.25)), 0.0);
    assertEquals(Math.round(0.1 * 4294967296.0), Fixed.of(0.1));
  }
}
