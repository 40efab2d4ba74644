package io.deepsnn.actors.runtime;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.ReceiveBuilder;

/**
 * What both kinds of tile do alike: hold their image batches, run a timestep of one and send its
 * spikes on, report it done to the clock, and answer the clock's questions.
 */
abstract class TileBehavior extends AbstractBehavior<TileActor.Command> {
  final TileActor.Wiring wiring;
  final Map<Integer, TileBatch> batches = new HashMap<>();
  private final Outbox outbox;
  /** Nobody consumes this tile's spikes: it reports every timestep done, the others only checkpoints. */
  private final boolean sink;

  TileBehavior(ActorContext<TileActor.Command> ctx, TileActor.Wiring wiring) {
    super(ctx);
    this.wiring = wiring;
    this.outbox = new Outbox(wiring);
    this.sink = wiring.plan().outbound(wiring.tile().id()).isEmpty();
  }

  /** The receive entries every tile has. */
  ReceiveBuilder<TileActor.Command> commonReceive() {
    return newReceiveBuilder()
        .onMessage(TileActor.Connect.class, this::onConnect)
        .onMessage(TileActor.StartBatch.class, this::onStartBatch)
        .onMessage(TileActor.EndBatch.class, this::onEndBatch)
        .onMessage(TileActor.StatusRequest.class, this::onStatusRequest)
        .onMessage(TileActor.CountersRequest.class, this::onCountersRequest);
  }

  /** The inbound edges (none for an input tile). */
  abstract int inboundEdges();

  /** An image batch started here. */
  abstract void started(TileBatch b);

  /** The edges (ids) still missing for the current timestep of {@code b}, and that timestep (-1: none). */
  abstract ClockActor.TileStatus status(TileBatch b, int batch);

  /** Spikes received and integrated, and lag sums, per inbound edge. */
  abstract ClockActor.TileCounters counters(int[] outEdges, long[] sent);

  /** Runs timestep {@code t} of {@code b}, sends its spikes to the consumers and reports it done if due. */
  final void fire(TileBatch b, int t) {
    int[][] fired = b.step(t);
    outbox.send(getContext(), b.id, t, fired, b.appliedExits());
    ClockActor.TileDone done = b.done(wiring.tile().id(), wiring.tile().layer(), t, sink);
    if (done != null) {
      wiring.clock().tell(done);
    }
  }

  /** Tells the clock that image batch {@code batch} cannot go on, and why. */
  final void fail(int batch, String reason) {
    wiring.clock().tell(new ClockActor.RuntimeFailure(batch, "tile " + wiring.tile().name() + ": " + reason));
  }

  private Behavior<TileActor.Command> onConnect(TileActor.Connect m) {
    wiring.consumers().putAll(m.consumers());
    return this;
  }

  private Behavior<TileActor.Command> onStartBatch(TileActor.StartBatch m) {
    TileBatch b = new TileBatch(m, wiring, inboundEdges());
    batches.put(m.batch(), b);
    started(b);
    return this;
  }

  private Behavior<TileActor.Command> onEndBatch(TileActor.EndBatch m) {
    batches.remove(m.batch());
    return this;
  }

  private Behavior<TileActor.Command> onStatusRequest(TileActor.StatusRequest m) {
    wiring.clock().tell(status(batches.get(m.batch()), m.batch()));
    return this;
  }

  private Behavior<TileActor.Command> onCountersRequest(TileActor.CountersRequest m) {
    wiring.clock().tell(counters(outbox.edgeIds(), outbox.sentSpikes()));
    return this;
  }

  /** No edges: the status of a tile that waits for nothing. */
  final ClockActor.TileStatus idle(int batch) {
    return new ClockActor.TileStatus(batch, wiring.tile().id(), -1, List.of());
  }
}
