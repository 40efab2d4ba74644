package io.deepsnn.network.testing;

import java.util.Arrays;
import java.util.Random;

/** Random damage to valid bytes, for the fuzz tests of every reader and decoder. */
public final class Mutations {
  private Mutations() {
  }

  /**
   * {@code valid} with 1 to 4 random mutations: a flipped bit, a random byte, a truncation, random
   * bytes inserted, a length-like field set large, a duplicated chunk.
   */
  public static byte[] mutate(byte[] valid, Random rnd) {
    byte[] b = valid.clone();
    for (int m = 1 + rnd.nextInt(4); m > 0; m--) {
      if (b.length == 0) {
        return b;
      }
      switch (rnd.nextInt(6)) {
        case 0 -> b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
        case 1 -> b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
        case 2 -> b = Arrays.copyOf(b, rnd.nextInt(b.length));
        case 3 -> {
          int at = rnd.nextInt(b.length);
          byte[] extra = new byte[1 + rnd.nextInt(16)];
          rnd.nextBytes(extra);
          byte[] n = new byte[b.length + extra.length];
          System.arraycopy(b, 0, n, 0, at);
          System.arraycopy(extra, 0, n, at, extra.length);
          System.arraycopy(b, at, n, at + extra.length, b.length - at);
          b = n;
        }
        case 4 -> {
          // a length-like field: four bytes set to a large value
          int at = rnd.nextInt(Math.max(1, b.length - 4));
          for (int k = 0; k < 4 && at + k < b.length; k++) {
            b[at + k] = (byte) (k == 0 ? 0x7f : 0xff);
          }
        }
        default -> {
          int from = rnd.nextInt(b.length);
          int len = Math.min(b.length - from, 1 + rnd.nextInt(64));
          byte[] n = Arrays.copyOf(b, b.length + len);
          System.arraycopy(b, from, n, b.length, len);
          b = n;
        }
      }
    }
    return b;
  }
}
