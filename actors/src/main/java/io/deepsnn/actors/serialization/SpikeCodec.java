package io.deepsnn.actors.serialization;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnsafeByteOperations;
import io.deepsnn.protocol.runtime.RuntimeMessages.ImageSpikes;
import io.deepsnn.protocol.runtime.RuntimeMessages.ImageSpikes.Encoding;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Encodes the spikes of one image (a multiset of ints) as an {@link ImageSpikes} message, and back.
 * Pure static functions, independent of the actors, because this is the hot path of a multi-node
 * run: every edge sends one spike batch per timestep.
 *
 * <p>The values are split by sign. Non-negative values are neuron indices; a negative value
 * {@code v} (an input layer's negative spike) travels as the index {@code ~v} in a second list.
 * Each list is written with whichever of two encodings is smaller (ties go to delta-varint):
 * <ul>
 *   <li>delta-varint: sorted, the first index and then the gaps, as unsigned LEB128 varints
 *       (sparse spiking: one or two bytes a spike);</li>
 *   <li>bitmap: bit {@code i} set when index {@code i} fired, up to the largest index
 *       (dense spiking: when more than about one neuron in eight fires). A bitmap cannot hold a
 *       value twice, so a list with duplicates is always delta-varint.</li>
 * </ul>
 * The multiset is preserved exactly; the order is not ({@link #decode} returns the values sorted
 * ascending), which the receiving tile does not depend on. The wire format is documented in
 * {@code runtime_messages.proto}.
 */
public final class SpikeCodec {

  /** The encoding of an image without spikes: every field at its default, so no bytes at all. */
  public static final ImageSpikes EMPTY = ImageSpikes.getDefaultInstance();

  /**
   * The largest byte length of a bitmap: enough for index 2^31 - 1. A longer one cannot have
   * come from {@link #encode} and would decode to indices that do not fit an int.
   */
  static final int MAX_BITMAP_BYTES = 1 << 28;

  /**
   * How many bitmap bytes per value the encoder accepts to sort a list through its bitmap rather
   * than with Arrays.sort (see {@link #bitmapAffordable}). Measured (JDK 17, x86-64, 12,544
   * neurons): Arrays.sort wins below about 120 spikes (insertion sort on small arrays), the
   * bitmap above (at 400 spikes 3.6 instead of 12.7 µs, at 800 spikes 5.4 instead of 30 µs);
   * 16 bytes a value puts the switch at 98 spikes there.
   */
  static final int BITMAP_BYTES_PER_SORTED_SPIKE = 16;

  /** Reads 8 bitmap bytes at once, bit i of the word being bit (i % 8) of byte i / 8. */
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final int[] NO_SPIKES = new int[0];

  private SpikeCodec() {
  }

  /**
   * Encodes one image's spikes.
   *
   * @param spikes the values that fired, in any order: neuron indices, and {@code ~index} for an
   *               input neuron's negative spike; not modified
   * @return the encoded spikes; {@link #EMPTY} when there are none
   */
  public static ImageSpikes encode(int[] spikes) {
    int n = spikes.length;
    if (n == 0) {
      return EMPTY;
    }
    int negativeCount = 0;
    int positiveMax = -1;
    int negativeMax = -1;
    for (int v : spikes) {
      if (v < 0) {
        negativeCount++;
        negativeMax = Math.max(negativeMax, ~v);
      } else {
        positiveMax = Math.max(positiveMax, v);
      }
    }
    int positiveCount = n - negativeCount;
    // Lists of more than a few spikes are sorted by building their bitmap (a counting sort: one
    // pass over the values, one or two over the bitmap's words), 3 to 20 times faster than
    // Arrays.sort from a few hundred spikes up; and when the bitmap is the smaller encoding it is
    // already built. Sparse lists (few spikes for the index range) and lists with duplicates
    // (which a bitmap cannot hold) are sorted.
    if (bitmapAffordable(positiveCount, positiveMax) && bitmapAffordable(negativeCount, negativeMax)) {
      byte[] positive = positiveCount > 0 ? new byte[bitmapLength(positiveMax)] : null;
      byte[] negative = negativeCount > 0 ? new byte[bitmapLength(negativeMax)] : null;
      if (fillBitmaps(spikes, positive, negative)) {
        ImageSpikes.Builder b = ImageSpikes.newBuilder();
        if (positive != null) {
          fromBitmap(b, false, positive, positiveCount);
        }
        if (negative != null) {
          fromBitmap(b, true, negative, negativeCount);
        }
        return b.build();
      }
      // A duplicate: the sorted path keeps it as a zero gap.
    }
    int[] sorted = spikes.clone();
    Arrays.sort(sorted);
    // Negatives sort first, ascending in value, so their indices ~v come out descending: turn
    // them into indices and reverse them, so both lists are ascending ranges of one array.
    for (int i = 0, j = negativeCount - 1; i <= j; i++, j--) {
      int a = ~sorted[i];
      sorted[i] = ~sorted[j];
      sorted[j] = a;
    }
    ImageSpikes.Builder b = ImageSpikes.newBuilder();
    if (positiveCount > 0) {
      boolean bitmap = chooseBitmap(sorted, negativeCount, n);
      set(b, false, bitmap ? Encoding.BITMAP : Encoding.DELTA_VARINT,
          bitmap ? bitmap(sorted, negativeCount, n) : deltaVarint(sorted, negativeCount, n), positiveCount);
    }
    if (negativeCount > 0) {
      boolean bitmap = chooseBitmap(sorted, 0, negativeCount);
      set(b, true, bitmap ? Encoding.BITMAP : Encoding.DELTA_VARINT,
          bitmap ? bitmap(sorted, 0, negativeCount) : deltaVarint(sorted, 0, negativeCount), negativeCount);
    }
    return b.build();
  }

  /**
   * Decodes one image's spikes.
   *
   * @param image the encoded spikes
   * @return the values, sorted ascending (negative spikes, as {@code ~index}, first); a shared
   *         empty array when there are none
   * @throws IllegalArgumentException when the message is corrupted: an unknown encoding, bytes
   *         that do not hold exactly the announced count of values, or an index of 2^31 or more
   */
  public static int[] decode(ImageSpikes image) {
    int positiveCount = image.getPositiveCount();
    int negativeCount = image.getNegativeCount();
    ByteString positive = image.getPositive();
    ByteString negative = image.getNegative();
    // Check the counts against the bytes before allocating, so that a corrupted count cannot
    // ask for gigabytes.
    checkCount("positive", image.getPositiveEncodingValue(), positiveCount, positive);
    checkCount("negative", image.getNegativeEncodingValue(), negativeCount, negative);
    if (positiveCount == 0 && negativeCount == 0) {
      return NO_SPIKES;
    }
    long total = (long) positiveCount + negativeCount;
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("corrupted spikes: " + total + " values in one image");
    }
    int[] out = new int[(int) total];
    decodeList("negative", image.getNegativeEncoding(), negative, negativeCount, out, true);
    decodeList("positive", image.getPositiveEncoding(), positive, positiveCount, out, false);
    return out;
  }

  /**
   * The number of bytes the delta-varint encoding of {@code sorted[from, to)} takes.
   *
   * @param sorted indices, ascending (non-negative)
   * @param from   first position, inclusive
   * @param to     last position, exclusive
   * @return the length in bytes
   */
  public static int deltaVarintLength(int[] sorted, int from, int to) {
    int length = 0;
    int previous = 0;
    for (int i = from; i < to; i++) {
      length += CodedOutputStream.computeUInt32SizeNoTag(sorted[i] - previous);
      previous = sorted[i];
    }
    return length;
  }

  /**
   * The number of bytes the bitmap of indices up to {@code max} takes.
   *
   * @param max the largest index (non-negative)
   * @return {@code ceil((max + 1) / 8)}
   */
  public static int bitmapLength(int max) {
    return (max >>> 3) + 1;
  }

  // ------------------------------------------------------------------------------------------
  // Encoding.

  /**
   * Whether sorting a list of {@code count} indices up to {@code max} through its bitmap pays:
   * building and scanning the bitmap costs in proportion to its length, Arrays.sort some 30 to
   * 70 ns a value once the list is past insertion-sort size.
   */
  private static boolean bitmapAffordable(int count, int max) {
    return count == 0 || bitmapLength(max) <= (long) BITMAP_BYTES_PER_SORTED_SPIKE * count;
  }

  /** Sets the bits of the values (negative ones as ~v); false when a value repeats. */
  private static boolean fillBitmaps(int[] spikes, byte[] positive, byte[] negative) {
    for (int v : spikes) {
      byte[] bits = positive;
      int index = v;
      if (v < 0) {
        bits = negative;
        index = ~v;
      }
      int mask = 1 << (index & 7);
      int at = index >>> 3;
      if ((bits[at] & mask) != 0) {
        return false;
      }
      bits[at] |= (byte) mask;
    }
    return true;
  }

  /** Encodes one list from its bitmap: the bitmap itself, or the varints read off its bits. */
  private static void fromBitmap(ImageSpikes.Builder b, boolean negative, byte[] bits, int count) {
    // Each varint takes at least a byte, so with more values than bitmap bytes the bitmap wins
    // without measuring the varints.
    if (count <= bits.length) {
      int varintLength = varintsOfBitmap(bits, null);
      if (varintLength <= bits.length) {
        byte[] out = new byte[varintLength];
        varintsOfBitmap(bits, out);
        set(b, negative, Encoding.DELTA_VARINT, UnsafeByteOperations.unsafeWrap(out), count);
        return;
      }
    }
    // Wrapped without a copy: the array is ours and never written again.
    set(b, negative, Encoding.BITMAP, UnsafeByteOperations.unsafeWrap(bits), count);
  }

  /**
   * The delta-varint encoding of the indices set in {@code bits}, ascending: its length, and
   * written into {@code out} unless that is null.
   */
  private static int varintsOfBitmap(byte[] bits, byte[] out) {
    int p = 0;
    int previous = 0;
    for (int at = 0; at < bits.length; at += 8) {
      long word = at + 8 <= bits.length ? (long) LONGS.get(bits, at) : tail(bits, at);
      while (word != 0) {
        int index = (at << 3) + Long.numberOfTrailingZeros(word);
        word &= word - 1;
        int gap = index - previous;
        previous = index;
        if (out == null) {
          p += CodedOutputStream.computeUInt32SizeNoTag(gap);
        } else {
          while ((gap & ~0x7F) != 0) {
            out[p++] = (byte) ((gap & 0x7F) | 0x80);
            gap >>>= 7;
          }
          out[p++] = (byte) gap;
        }
      }
    }
    return p;
  }

  /** The last, shorter than 8, bytes of a bitmap as a little-endian word. */
  private static long tail(byte[] bits, int at) {
    long word = 0;
    for (int i = bits.length - 1; i >= at; i--) {
      word = (word << 8) | (bits[i] & 0xFF);
    }
    return word;
  }

  private static void set(ImageSpikes.Builder b, boolean negative, Encoding encoding, ByteString bytes,
                          int count) {
    if (negative) {
      b.setNegativeEncoding(encoding).setNegative(bytes).setNegativeCount(count);
    } else {
      b.setPositiveEncoding(encoding).setPositive(bytes).setPositiveCount(count);
    }
  }

  /** Whether the bitmap of the non-empty ascending {@code sorted[from, to)} is the smaller encoding. */
  private static boolean chooseBitmap(int[] sorted, int from, int to) {
    for (int i = from + 1; i < to; i++) {
      if (sorted[i] == sorted[i - 1]) {
        return false;
      }
    }
    return bitmapLength(sorted[to - 1]) < deltaVarintLength(sorted, from, to);
  }

  private static ByteString deltaVarint(int[] sorted, int from, int to) {
    // Wrapped without a copy: the array is ours and never written again.
    byte[] out = new byte[deltaVarintLength(sorted, from, to)];
    int p = 0;
    int previous = 0;
    for (int i = from; i < to; i++) {
      int gap = sorted[i] - previous;
      previous = sorted[i];
      while ((gap & ~0x7F) != 0) {
        out[p++] = (byte) ((gap & 0x7F) | 0x80);
        gap >>>= 7;
      }
      out[p++] = (byte) gap;
    }
    return UnsafeByteOperations.unsafeWrap(out);
  }

  private static ByteString bitmap(int[] sorted, int from, int to) {
    byte[] out = new byte[bitmapLength(sorted[to - 1])];
    for (int i = from; i < to; i++) {
      int index = sorted[i];
      out[index >>> 3] |= (byte) (1 << (index & 7));
    }
    return UnsafeByteOperations.unsafeWrap(out);
  }

  // ------------------------------------------------------------------------------------------
  // Decoding.

  private static void checkCount(String list, int encodingValue, int count, ByteString bytes) {
    Encoding encoding = Encoding.forNumber(encodingValue);
    if (encoding == null) {
      throw new IllegalArgumentException("corrupted spikes: unknown " + list + " encoding "
          + encodingValue + " (neither DELTA_VARINT nor BITMAP)");
    }
    if (count < 0) {
      throw new IllegalArgumentException("corrupted spikes: " + list + " count "
          + Integer.toUnsignedString(count) + " is not below 2^31");
    }
    switch (encoding) {
      case DELTA_VARINT -> {
        if (count > bytes.size() || (count == 0 && !bytes.isEmpty())) {
          throw new IllegalArgumentException("corrupted spikes: " + list + " count " + count
              + " does not fit " + bytes.size() + " varint bytes");
        }
      }
      case BITMAP -> {
        if (bytes.size() > MAX_BITMAP_BYTES) {
          throw new IllegalArgumentException("corrupted spikes: " + list + " bitmap of "
              + bytes.size() + " bytes holds indices of 2^31 or more");
        }
        int set = popCount(bytes);
        if (set != count) {
          throw new IllegalArgumentException("corrupted spikes: " + list + " bitmap has " + set
              + " bits set, count says " + count);
        }
      }
      default -> throw new IllegalStateException("unhandled encoding " + encoding);
    }
  }

  /** A little-endian view of the bytes without a copy, positioned at their start. */
  private static ByteBuffer view(ByteString bytes) {
    return bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  private static int popCount(ByteString bytes) {
    ByteBuffer buf = view(bytes);
    int p = buf.position();
    int end = buf.limit();
    int set = 0;
    for (; p + 8 <= end; p += 8) {
      set += Long.bitCount(buf.getLong(p));
    }
    for (; p < end; p++) {
      set += Integer.bitCount(buf.get(p) & 0xFF);
    }
    return set;
  }

  /**
   * Decodes one list (whose count is already checked) into {@code out}: the positive values
   * ascending after the negative ones, the negative ones as {@code ~index} ascending (so their
   * indices are written from the front of the array backwards).
   */
  private static void decodeList(String list, Encoding encoding, ByteString bytes, int count,
                                 int[] out, boolean negatives) {
    if (count == 0 && bytes.isEmpty()) {
      return;
    }
    int offset = negatives ? 0 : out.length - count;
    if (encoding == Encoding.BITMAP) {
      decodeBitmap(bytes, count, out, offset, negatives);
    } else {
      decodeDeltaVarint(list, bytes, count, out, offset, negatives);
    }
  }

  private static void decodeBitmap(ByteString bytes, int count, int[] out, int offset, boolean negatives) {
    ByteBuffer buf = view(bytes);
    int start = buf.position();
    int end = buf.limit();
    // Where the k-th index (ascending) goes: positives forwards from offset, negatives (as ~index)
    // backwards from the end of their range.
    int k = 0;
    int last = offset + count - 1;
    int p = start;
    for (; p + 8 <= end; p += 8) {
      long word = buf.getLong(p);
      int base = (p - start) << 3;
      while (word != 0) {
        int index = base + Long.numberOfTrailingZeros(word);
        word &= word - 1;
        if (negatives) {
          out[last - k++] = ~index;
        } else {
          out[offset + k++] = index;
        }
      }
    }
    for (; p < end; p++) {
      int bits = buf.get(p) & 0xFF;
      int base = (p - start) << 3;
      while (bits != 0) {
        int index = base + Integer.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        if (negatives) {
          out[last - k++] = ~index;
        } else {
          out[offset + k++] = index;
        }
      }
    }
  }

  private static void decodeDeltaVarint(String list, ByteString bytes, int count, int[] out, int offset,
                                        boolean negatives) {
    ByteBuffer buf = view(bytes);
    int p = buf.position();
    int end = buf.limit();
    int value = 0;
    for (int k = 0; k < count; k++) {
      int gap = 0;
      for (int shift = 0; ; shift += 7) {
        if (p >= end) {
          throw new IllegalArgumentException("corrupted spikes: " + list + " varints end after "
              + k + " of " + count + " values");
        }
        byte b = buf.get(p++);
        if (shift == 28 && (b & 0xF8) != 0) {
          throw new IllegalArgumentException("corrupted spikes: " + list
              + " varint does not fit 31 bits");
        }
        gap |= (b & 0x7F) << shift;
        if (b >= 0) {
          break;
        }
      }
      value += gap;
      if (value < 0) {
        throw new IllegalArgumentException("corrupted spikes: " + list + " index exceeds 2^31 - 1");
      }
      if (negatives) {
        out[offset + count - 1 - k] = ~value;
      } else {
        out[offset + k] = value;
      }
    }
    if (p != end) {
      throw new IllegalArgumentException("corrupted spikes: " + list + " varints hold more than "
          + count + " values (" + (end - p) + " bytes left)");
    }
  }
}
