package io.deepsnn.actors.runtime;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * What one actor system of the runtime measured, as a Pekko extension (one per system, so that
 * several nodes in one JVM, or one run after another, never mix their figures): the messages its
 * serializer wrote — spike batches and all others, counted and in bytes, which is the traffic this
 * node sent to other nodes (messages are serialized only when they leave a node) — and the deepest
 * mailbox any of its tile actors has had. Cheap enough to be always on: two adds per message
 * written, one atomic increment and decrement per tile message.
 */
public final class RuntimeStats implements Extension {
  private static final Id ID = new Id();

  private final LongAdder spikeMessages = new LongAdder();
  private final LongAdder spikeBytes = new LongAdder();
  private final LongAdder otherMessages = new LongAdder();
  private final LongAdder otherBytes = new LongAdder();
  private final AtomicLong deepestMailbox = new AtomicLong();

  private RuntimeStats() {
  }

  /** The statistics of {@code system}. */
  public static RuntimeStats get(ActorSystem<?> system) {
    return ID.get(Adapter.toClassic(system));
  }

  /** The statistics of a classic {@code system} (serializers and mailboxes see the classic one). */
  public static RuntimeStats get(org.apache.pekko.actor.ActorSystem system) {
    return ID.get(system);
  }

  /** Counts one message written as {@code bytes} bytes; {@code spikes} for a spike batch. */
  public void recordWritten(boolean spikes, int bytes) {
    if (spikes) {
      spikeMessages.increment();
      spikeBytes.add(bytes);
    } else {
      otherMessages.increment();
      otherBytes.add(bytes);
    }
  }

  /** The serializer's totals so far. */
  public Traffic traffic() {
    return new Traffic(spikeMessages.sum(), spikeBytes.sum(), otherMessages.sum(), otherBytes.sum());
  }

  /** Notes a tile mailbox {@code depth} messages deep. */
  void recordMailbox(int depth) {
    if (depth > deepestMailbox.get()) {
      deepestMailbox.accumulateAndGet(depth, Math::max);
    }
  }

  /** The deepest tile mailbox since the last {@link #resetDeepestMailbox()}. */
  public long deepestMailbox() {
    return deepestMailbox.get();
  }

  /** Starts a new observation window of the mailbox depth. */
  public void resetDeepestMailbox() {
    deepestMailbox.set(0);
  }

  /** Message and byte counts: spike batches, and every other runtime message. */
  public record Traffic(long spikeMessages, long spikeBytes, long otherMessages, long otherBytes) {
    /** No traffic. */
    public static final Traffic NONE = new Traffic(0, 0, 0, 0);

    /** What was written between {@code earlier} and this. */
    public Traffic since(Traffic earlier) {
      return new Traffic(spikeMessages - earlier.spikeMessages, spikeBytes - earlier.spikeBytes,
          otherMessages - earlier.otherMessages, otherBytes - earlier.otherBytes);
    }

    /** This and {@code o} together (nodes in one JVM). */
    public Traffic plus(Traffic o) {
      return new Traffic(spikeMessages + o.spikeMessages, spikeBytes + o.spikeBytes,
          otherMessages + o.otherMessages, otherBytes + o.otherBytes);
    }
  }

  private static final class Id extends AbstractExtensionId<RuntimeStats> {
    @Override
    public RuntimeStats createExtension(ExtendedActorSystem system) {
      return new RuntimeStats();
    }
  }
}
