package io.deepsnn.actors.runtime;

import com.typesafe.config.Config;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.dispatch.Envelope;
import org.apache.pekko.dispatch.MailboxType;
import org.apache.pekko.dispatch.MessageQueue;
import org.apache.pekko.dispatch.ProducesMessageQueue;
import org.apache.pekko.dispatch.UnboundedMessageQueueSemantics;
import scala.Option;

/**
 * An unbounded mailbox that keeps track of the deepest queue any tile actor of its actor system
 * has had ({@link RuntimeStats#deepestMailbox()}), so that a soak run can show whether messages
 * pile up. Costs one atomic increment and decrement per message. Configured as
 * {@code deepsnn.actors.instrumented-mailbox}.
 */
public final class InstrumentedMailbox implements MailboxType, ProducesMessageQueue<InstrumentedMailbox.Queue> {
  /** Pekko's constructor. */
  public InstrumentedMailbox(ActorSystem.Settings settings, Config config) {
  }

  @Override
  public MessageQueue create(Option<ActorRef> owner, Option<ActorSystem> system) {
    return new Queue(system.isDefined() ? RuntimeStats.get(system.get()) : null);
  }

  /** The queue: a concurrent linked queue with a size counter. */
  public static final class Queue implements MessageQueue, UnboundedMessageQueueSemantics {
    private final java.util.Queue<Envelope> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    /** Where the depth is recorded; null outside an actor system. */
    private final RuntimeStats stats;

    Queue(RuntimeStats stats) {
      this.stats = stats;
    }

    @Override
    public void enqueue(ActorRef receiver, Envelope handle) {
      queue.offer(handle);
      int n = size.incrementAndGet();
      if (stats != null) {
        stats.recordMailbox(n);
      }
    }

    @Override
    public Envelope dequeue() {
      Envelope e = queue.poll();
      if (e != null) {
        size.decrementAndGet();
      }
      return e;
    }

    @Override
    public int numberOfMessages() {
      return size.get();
    }

    @Override
    public boolean hasMessages() {
      return !queue.isEmpty();
    }

    @Override
    public void cleanUp(ActorRef owner, MessageQueue deadLetters) {
      Envelope e;
      while ((e = queue.poll()) != null) {
        deadLetters.enqueue(owner, e);
      }
    }
  }
}
