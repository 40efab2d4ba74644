package io.deepsnn.network.snn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Multiply-and-shift division equals Java's for every divisor a layer can have and every index. */
class DivisorTest {
  private static void check(int d, int n) {
    Divisor div = new Divisor(d);
    assertEquals(n / d, div.quotient(n), n + " / " + d);
    assertEquals(n % d, div.remainder(n), n + " % " + d);
  }

  @Test
  void equalsIntegerDivisionAtTheEdgesAndAtRandom() {
    Random rnd = new Random(3);
    int[] divisors = {1, 2, 3, 5, 7, 10, 16, 28, 32, 56, 64, 100, 112, 224, 255, 256, 257, 512, 1000, 4096, 65535,
        65536, 1 << 20, (1 << 30) + 1, Integer.MAX_VALUE};
    for (int d : divisors) {
      for (int n : new int[] {0, 1, d - 1, d, d + 1, 2 * d - 1, Integer.MAX_VALUE, Integer.MAX_VALUE - 1,
          Integer.MAX_VALUE - d}) {
        if (n >= 0) {
          check(d, n);
        }
      }
      for (int k = 0; k < 2000; k++) {
        check(d, rnd.nextInt(Integer.MAX_VALUE));
      }
    }
    for (int d = 1; d <= 600; d++) {
      for (int n = 0; n < 5000; n++) {
        check(d, n);
      }
      check(d, Integer.MAX_VALUE);
    }
  }

  @Test
  void refusesANonPositiveDivisor() {
    assertThrows(IllegalArgumentException.class, () -> new Divisor(0));
  }
}
