package io.deepsnn.actors.runtime;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A tile of the input layer: on each of the clock's ticks it emits its rows' input spikes of that
 * timestep (the counter-based Poisson code, so any tiling emits the same spikes) and sends them on.
 */
final class InputTile extends TileBehavior {
  InputTile(ActorContext<TileActor.Command> ctx, TileActor.Wiring wiring) {
    super(ctx, wiring);
  }

  @Override
  public Receive<TileActor.Command> createReceive() {
    return commonReceive()
        .onMessage(TileActor.EmitTimestep.class, this::onEmitTimestep)
        .build();
  }

  private Behavior<TileActor.Command> onEmitTimestep(TileActor.EmitTimestep m) {
    TileBatch b = batches.get(m.batch());
    if (b != null) {
      b.exitsArrived(m.exits());
      fire(b, m.timestep());
    }
    return this;
  }

  @Override
  int inboundEdges() {
    return 0;
  }

  @Override
  void started(TileBatch b) {
  }

  @Override
  ClockActor.TileStatus status(TileBatch b, int batch) {
    return idle(batch);
  }

  @Override
  ClockActor.TileCounters counters(int[] outEdges, long[] sent) {
    return new ClockActor.TileCounters(wiring.tile().id(), outEdges, sent, new int[0], new long[0], new long[0],
        new long[0]);
  }
}
