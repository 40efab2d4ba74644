package io.deepsnn.actors.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.deepsnn.protocol.runtime.RuntimeMessages.ImageSpikes;
import io.deepsnn.protocol.runtime.RuntimeMessages.ImageSpikes.Encoding;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The spike encoding: the multiset round-trips exactly, each list takes the smaller encoding, the
 * bytes are as documented in runtime_messages.proto, and corrupted input is refused.
 */
class SpikeCodecTest {

  /** The layer size of the examples: 112 × 112 × 1 (e.g. a first convolution's feature map). */
  private static final int NEURONS = 12_544;

  private static ByteString bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) values[i];
    }
    return ByteString.copyFrom(b);
  }

  // ------------------------------------------------------------------------------------------
  // Hand-computed cases.

  @Test
  void sparseIndicesAreSortedGapsAsVarints() {
    // {300, 3, 5} sorted is 3, 5, 300: varints of 3, 2, 295; 295 = 0b10_0100111 → 0xA7 0x02.
    ImageSpikes e = SpikeCodec.encode(new int[] {300, 3, 5});
    assertEquals(Encoding.DELTA_VARINT, e.getPositiveEncoding());
    assertEquals(bytes(0x03, 0x02, 0xA7, 0x02), e.getPositive());
    assertEquals(3, e.getPositiveCount());
    assertTrue(e.getNegative().isEmpty());
    assertEquals(0, e.getNegativeCount());
    assertArrayEquals(new int[] {3, 5, 300}, SpikeCodec.decode(e));
  }

  @Test
  void denseIndicesAreABitmap() {
    // Nine of the indices 0..9: the bitmap takes 2 bytes, the varints 9.
    ImageSpikes e = SpikeCodec.encode(new int[] {9, 0, 1, 2, 3, 4, 5, 6, 7});
    assertEquals(Encoding.BITMAP, e.getPositiveEncoding());
    assertEquals(bytes(0xFF, 0x02), e.getPositive());
    assertEquals(9, e.getPositiveCount());
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 9}, SpikeCodec.decode(e));
  }

  @Test
  void negativeSpikesTravelAsIndicesInTheirOwnList() {
    // ~200 and ~3 are the negative spikes of input neurons 200 and 3: indices 3, 200 → varints
    // 3, 197 = 0x03, 0xC5 0x01 (a bitmap would take 26 bytes). The positive 5 is one varint byte
    // or one bitmap byte: a tie, which goes to delta-varint.
    ImageSpikes e = SpikeCodec.encode(new int[] {~3, 5, ~200});
    assertEquals(Encoding.DELTA_VARINT, e.getNegativeEncoding());
    assertEquals(bytes(0x03, 0xC5, 0x01), e.getNegative());
    assertEquals(2, e.getNegativeCount());
    assertEquals(Encoding.DELTA_VARINT, e.getPositiveEncoding());
    assertEquals(bytes(0x05), e.getPositive());
    assertEquals(1, e.getPositiveCount());
    assertArrayEquals(new int[] {~200, ~3, 5}, SpikeCodec.decode(e));
    // Negatives of neurons 0 and 2: one bitmap byte 0b101 beats two varint bytes.
    ImageSpikes small = SpikeCodec.encode(new int[] {~2, ~0});
    assertEquals(Encoding.BITMAP, small.getNegativeEncoding());
    assertEquals(bytes(0x05), small.getNegative());
    assertArrayEquals(new int[] {~2, ~0}, SpikeCodec.decode(small));
  }

  @Test
  void eachListChoosesItsOwnEncoding() {
    // Dense negatives (all of 0..15: 2 bitmap bytes) with one sparse positive (index 1000).
    int[] spikes = new int[17];
    for (int i = 0; i < 16; i++) {
      spikes[i] = ~i;
    }
    spikes[16] = 1000;
    ImageSpikes e = SpikeCodec.encode(spikes);
    assertEquals(Encoding.BITMAP, e.getNegativeEncoding());
    assertEquals(bytes(0xFF, 0xFF), e.getNegative());
    assertEquals(Encoding.DELTA_VARINT, e.getPositiveEncoding());
    assertEquals(bytes(0xE8, 0x07), e.getPositive());
    assertMultiset(spikes, SpikeCodec.decode(e));
  }

  @Test
  void anImageWithoutSpikesTakesNoBytes() {
    ImageSpikes e = SpikeCodec.encode(new int[0]);
    assertSame(SpikeCodec.EMPTY, e);
    assertEquals(0, e.getSerializedSize());
    assertEquals(0, SpikeCodec.decode(e).length);
  }

  @Test
  void extremeValuesRoundTrip() {
    int[] spikes = {Integer.MAX_VALUE, 0, Integer.MIN_VALUE, -1, 1 << 30, ~(1 << 30)};
    ImageSpikes e = SpikeCodec.encode(spikes);
    assertEquals(Encoding.DELTA_VARINT, e.getPositiveEncoding());
    assertMultiset(spikes, SpikeCodec.decode(e));
    // A bitmap up to index 2^31 - 1 (256 MiB) is never chosen for a handful of spikes.
    assertTrue(e.getSerializedSize() < 40, "size " + e.getSerializedSize());
  }

  @Test
  void duplicatesAreKeptAsZeroGaps() {
    // Not expected from the runtime, but the multiset must survive: a bitmap cannot hold a
    // duplicate, so even a dense list with one takes delta-varint.
    int[] spikes = new int[100];
    for (int i = 0; i < spikes.length; i++) {
      spikes[i] = i;
    }
    spikes[99] = 42;
    ImageSpikes e = SpikeCodec.encode(spikes);
    assertEquals(Encoding.DELTA_VARINT, e.getPositiveEncoding());
    assertMultiset(spikes, SpikeCodec.decode(e));
    int[] negatives = {~7, ~7, ~3};
    assertMultiset(negatives, SpikeCodec.decode(SpikeCodec.encode(negatives)));
  }

  @Test
  void theEncodingIsCanonicalWhateverTheOrder() {
    // The encoder sorts, through a bitmap or Arrays.sort: the input order must not matter.
    Random rnd = new Random(5);
    for (int round = 0; round < 200; round++) {
      int count = 1 + rnd.nextInt(2000);
      int[] spikes = distinct(rnd, count, count + rnd.nextInt(NEURONS), rnd.nextDouble() < 0.5 ? 0.3 : 0);
      int[] sorted = spikes.clone();
      Arrays.sort(sorted);
      assertEquals(SpikeCodec.encode(sorted), SpikeCodec.encode(spikes));
    }
  }

  @Test
  void theEncoderDoesNotModifyItsInput() {
    int[] spikes = {5, ~3, 1, 900, ~0};
    int[] copy = spikes.clone();
    SpikeCodec.encode(spikes);
    assertArrayEquals(copy, spikes);
    int[] dense = distinct(new Random(1), 4000, NEURONS, 0.2);
    int[] denseCopy = dense.clone();
    SpikeCodec.encode(dense);
    assertArrayEquals(denseCopy, dense);
  }

  // ------------------------------------------------------------------------------------------
  // Property test.

  @Test
  void randomSpikeListsRoundTripAndTakeTheSmallerEncoding() {
    Random rnd = new Random(20240611L);
    List<IntFunction<int[]>> kinds = kinds(rnd);
    int bitmaps = 0;
    int varints = 0;
    for (int round = 0; round < 3_000; round++) {
      int[] spikes = kinds.get(round % kinds.size()).apply(round);
      ImageSpikes e = SpikeCodec.encode(spikes);
      String what = "round " + round + ", " + spikes.length + " spikes";
      assertMultiset(spikes, SpikeCodec.decode(e), what);
      // Also through the wire form of the message itself.
      try {
        assertMultiset(spikes, SpikeCodec.decode(ImageSpikes.parseFrom(e.toByteArray())), what);
      } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
        throw new AssertionError(what, ex);
      }
      int[] positives = Arrays.stream(spikes).filter(v -> v >= 0).sorted().toArray();
      int[] negatives = Arrays.stream(spikes).filter(v -> v < 0).map(v -> ~v).sorted().toArray();
      Encoding p = checkList(positives, e.getPositiveEncoding(), e.getPositive(), e.getPositiveCount(), what);
      Encoding n = checkList(negatives, e.getNegativeEncoding(), e.getNegative(), e.getNegativeCount(), what);
      bitmaps += (p == Encoding.BITMAP ? 1 : 0) + (n == Encoding.BITMAP ? 1 : 0);
      varints += (p == Encoding.DELTA_VARINT && positives.length > 0 ? 1 : 0)
          + (n == Encoding.DELTA_VARINT && negatives.length > 0 ? 1 : 0);
    }
    // The generators must exercise both encodings a good deal.
    assertTrue(bitmaps > 500 && varints > 500, bitmaps + " bitmaps, " + varints + " varint lists");
  }

  private static List<IntFunction<int[]>> kinds(Random rnd) {
    return List.of(
        // Empty.
        r -> new int[0],
        // A single spike, anywhere (including 2^31 - 1 and its negative).
        r -> new int[] {rnd.nextBoolean() ? rnd.nextInt(NEURONS) : rnd.nextInt() & Integer.MAX_VALUE},
        r -> new int[] {~rnd.nextInt(NEURONS)},
        // Sparse, as in most timesteps of a deep layer.
        r -> distinct(rnd, 1 + rnd.nextInt(100), NEURONS, 0),
        // Sparse input spikes, with negatives.
        r -> distinct(rnd, 1 + rnd.nextInt(100), NEURONS, 0.4),
        // Dense: more than 1/8 of the neurons, so the bitmap wins.
        r -> distinct(rnd, NEURONS / 8 + 1 + rnd.nextInt(NEURONS - NEURONS / 8 - 1), NEURONS, 0),
        r -> distinct(rnd, NEURONS / 4 + rnd.nextInt(NEURONS / 2), NEURONS, 0.5),
        // Around the crossover, where either encoding may win.
        r -> distinct(rnd, NEURONS / 24 + rnd.nextInt(NEURONS / 8), NEURONS, rnd.nextDouble() < 0.3 ? 0.2 : 0),
        // Small layers, any density.
        r -> {
          int n = 1 + rnd.nextInt(64);
          return distinct(rnd, 1 + rnd.nextInt(n), n, rnd.nextDouble() < 0.5 ? 0.5 : 0);
        },
        // Large indices: sparse spikes of a huge layer.
        r -> distinct(rnd, 1 + rnd.nextInt(20), Integer.MAX_VALUE, 0.3),
        // One list dense, the other sparse over a wide range: the sparse one makes the encoder
        // sort both, and the dense one must still get its bitmap.
        r -> {
          int[] dense = distinct(rnd, 500 + rnd.nextInt(2500), 3072, 1.0);
          int[] sparse = distinct(rnd, 1 + rnd.nextInt(5), Integer.MAX_VALUE, 0);
          int[] both = Arrays.copyOf(dense, dense.length + sparse.length);
          System.arraycopy(sparse, 0, both, dense.length, sparse.length);
          return both;
        },
        // Duplicates (not expected, but the multiset must survive).
        r -> {
          int[] a = distinct(rnd, 1 + rnd.nextInt(300), 2000, 0.3);
          for (int i = 0; i < a.length / 10 + 1; i++) {
            a[rnd.nextInt(a.length)] = a[rnd.nextInt(a.length)];
          }
          return a;
        });
  }

  /**
   * {@code count} distinct neuron indices below {@code neurons}, in random order, each made a
   * negative spike ({@code ~index}) with probability {@code negative}.
   */
  private static int[] distinct(Random rnd, int count, int neurons, double negative) {
    int[] out = new int[count];
    if (neurons <= 4 * count) {
      // Partial Fisher-Yates over all the indices.
      int[] all = new int[neurons];
      for (int i = 0; i < neurons; i++) {
        all[i] = i;
      }
      for (int i = 0; i < count; i++) {
        int j = i + rnd.nextInt(neurons - i);
        int t = all[i];
        all[i] = all[j];
        all[j] = t;
        out[i] = all[i];
      }
    } else {
      java.util.HashSet<Integer> seen = new java.util.HashSet<>();
      for (int i = 0; i < count; ) {
        int v = rnd.nextInt(neurons);
        if (seen.add(v)) {
          out[i++] = v;
        }
      }
    }
    for (int i = 0; i < count; i++) {
      if (rnd.nextDouble() < negative) {
        out[i] = ~out[i];
      }
    }
    return out;
  }

  /**
   * Checks one list against a reference computation of both encodings' sizes: the smaller one is
   * chosen (delta-varint on ties and with duplicates), the bytes have its length, and the count is
   * right.
   */
  private static Encoding checkList(int[] sortedIndices, Encoding encoding, ByteString bytes, int count,
                                    String what) {
    assertEquals(sortedIndices.length, count, what + ": count");
    if (sortedIndices.length == 0) {
      assertEquals(Encoding.DELTA_VARINT, encoding, what);
      assertEquals(0, bytes.size(), what);
      return encoding;
    }
    long varint = 0;
    long previous = 0;
    boolean duplicates = false;
    for (int i = 0; i < sortedIndices.length; i++) {
      long gap = sortedIndices[i] - previous;
      duplicates |= i > 0 && gap == 0;
      int length = 1;
      while (gap >= 128) {
        gap >>= 7;
        length++;
      }
      varint += length;
      previous = sortedIndices[i];
    }
    long bitmap = (sortedIndices[sortedIndices.length - 1] + 8L) / 8;
    Encoding expected = !duplicates && bitmap < varint ? Encoding.BITMAP : Encoding.DELTA_VARINT;
    assertEquals(expected, encoding, what + ": varint " + varint + " B, bitmap " + bitmap + " B");
    assertEquals(Math.min(varint, duplicates ? varint : bitmap), bytes.size(), what + ": length");
    // Byte for byte as the proto file documents it, whichever path the encoder took.
    assertEquals(referenceBytes(sortedIndices, expected), bytes, what + ": bytes");
    return encoding;
  }

  /** The documented encodings, written the slow and obvious way. */
  private static ByteString referenceBytes(int[] sortedIndices, Encoding encoding) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    if (encoding == Encoding.BITMAP) {
      byte[] bits = new byte[sortedIndices[sortedIndices.length - 1] / 8 + 1];
      for (int index : sortedIndices) {
        bits[index / 8] |= (byte) (1 << (index % 8));
      }
      out.writeBytes(bits);
    } else {
      long previous = 0;
      for (int index : sortedIndices) {
        long gap = index - previous;
        previous = index;
        do {
          int group = (int) (gap % 128);
          gap /= 128;
          out.write(gap > 0 ? group + 128 : group);
        } while (gap > 0);
      }
    }
    return ByteString.copyFrom(out.toByteArray());
  }

  private static void assertMultiset(int[] expected, int[] actual) {
    assertMultiset(expected, actual, "");
  }

  private static void assertMultiset(int[] expected, int[] actual, String what) {
    int[] e = expected.clone();
    Arrays.sort(e);
    // The decoder promises ascending order, so the actual array is compared as it is.
    assertArrayEquals(e, actual, what);
  }

  // ------------------------------------------------------------------------------------------
  // Corrupted input.

  @Test
  void aVarintCountThatDoesNotMatchTheBytesIsRefused() {
    ImageSpikes good = SpikeCodec.encode(new int[] {3, 5, 300});
    IllegalArgumentException more = assertThrows(IllegalArgumentException.class,
        () -> SpikeCodec.decode(good.toBuilder().setPositiveCount(2).build()));
    assertTrue(more.getMessage().contains("positive"), more.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> SpikeCodec.decode(good.toBuilder().setPositiveCount(4).build()));
    // A count far beyond the bytes fails before any allocation.
    assertThrows(IllegalArgumentException.class,
        () -> SpikeCodec.decode(good.toBuilder().setPositiveCount(Integer.MAX_VALUE).build()));
    assertThrows(IllegalArgumentException.class,
        () -> SpikeCodec.decode(good.toBuilder().setPositiveCount(-1).build()));
  }

  @Test
  void aBitmapCountThatDoesNotMatchItsBitsIsRefused() {
    ImageSpikes good = SpikeCodec.encode(new int[] {9, 0, 1, 2, 3, 4, 5, 6, 7});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SpikeCodec.decode(good.toBuilder().setPositiveCount(8).build()));
    assertTrue(e.getMessage().contains("9 bits set"), e.getMessage());
    ImageSpikes negatives = SpikeCodec.encode(new int[] {~9, ~0, ~1, ~2, ~3, ~4, ~5, ~6, ~7});
    assertThrows(IllegalArgumentException.class,
        () -> SpikeCodec.decode(negatives.toBuilder().setNegativeCount(10).build()));
  }

  @Test
  void malformedVarintsAreRefused() {
    // Truncated: a continuation bit on the last byte.
    assertThrows(IllegalArgumentException.class, () -> SpikeCodec.decode(ImageSpikes.newBuilder()
        .setPositive(bytes(0x03, 0x82)).setPositiveCount(2).build()));
    // More than 31 bits.
    assertThrows(IllegalArgumentException.class, () -> SpikeCodec.decode(ImageSpikes.newBuilder()
        .setPositive(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0x0F)).setPositiveCount(1).build()));
    // Gaps summing past 2^31 - 1.
    assertThrows(IllegalArgumentException.class, () -> SpikeCodec.decode(ImageSpikes.newBuilder()
        .setPositive(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x01)).setPositiveCount(2).build()));
    // Bytes without a count.
    assertThrows(IllegalArgumentException.class, () -> SpikeCodec.decode(ImageSpikes.newBuilder()
        .setNegative(bytes(0x01)).build()));
    // The largest index is fine.
    assertArrayEquals(new int[] {Integer.MAX_VALUE}, SpikeCodec.decode(ImageSpikes.newBuilder()
        .setPositive(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0x07)).setPositiveCount(1).build()));
  }

  @Test
  void anUnknownEncodingIsRefused() {
    ImageSpikes bad = SpikeCodec.encode(new int[] {1, 2}).toBuilder().setPositiveEncodingValue(7).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpikeCodec.decode(bad));
    assertTrue(e.getMessage().contains("encoding 7"), e.getMessage());
  }
}
