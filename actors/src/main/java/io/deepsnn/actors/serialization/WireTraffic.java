package io.deepsnn.actors.serialization;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the runtime's serializers in this JVM wrote: spike batches and all other messages, counted
 * and in bytes. Messages are serialized only when they leave a node, so this is the traffic the
 * nodes in this JVM sent to other nodes (all of it when every node runs here). Cheap enough to be
 * always on: two adds per message.
 */
public final class WireTraffic {
  private static final LongAdder SPIKE_MESSAGES = new LongAdder();
  private static final LongAdder SPIKE_BYTES = new LongAdder();
  private static final LongAdder OTHER_MESSAGES = new LongAdder();
  private static final LongAdder OTHER_BYTES = new LongAdder();

  private WireTraffic() {
  }

  /** Counts one message of {@code manifest} written as {@code bytes} bytes. */
  static void record(String manifest, int bytes) {
    if (manifest.equals(RuntimeSerializer.SPIKE_BATCH)) {
      SPIKE_MESSAGES.increment();
      SPIKE_BYTES.add(bytes);
    } else {
      OTHER_MESSAGES.increment();
      OTHER_BYTES.add(bytes);
    }
  }

  /** The totals so far. */
  public static Totals totals() {
    return new Totals(SPIKE_MESSAGES.sum(), SPIKE_BYTES.sum(), OTHER_MESSAGES.sum(), OTHER_BYTES.sum());
  }

  /** Message and byte counts: spike batches, and every other runtime message. */
  public record Totals(long spikeMessages, long spikeBytes, long otherMessages, long otherBytes) {
    /** What was written between {@code earlier} and this. */
    public Totals since(Totals earlier) {
      return new Totals(spikeMessages - earlier.spikeMessages, spikeBytes - earlier.spikeBytes,
          otherMessages - earlier.otherMessages, otherBytes - earlier.otherBytes);
    }
  }
}
