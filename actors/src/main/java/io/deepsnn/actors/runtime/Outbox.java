package io.deepsnn.actors.runtime;

import io.deepsnn.actors.topology.TopologyPlan;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * The sending side of a tile: one spike batch per outbound edge and timestep, holding only the
 * spikes of the rows that edge's consumer needs, numbered per edge so the consumer can tell a lost
 * batch; with the injected delays (async experiments) and faults (tests), and the count of spikes
 * sent on each edge (conservation counters).
 */
final class Outbox {
  private final TileActor.Wiring w;
  private final List<TopologyPlan.Edge> edges;
  private final int rowLength;
  private final long[] nextSequence;
  private final long[] sentSpikes;
  private final DelayModel.Sampler delays;

  Outbox(TileActor.Wiring w) {
    this.w = w;
    this.edges = w.plan().outbound(w.tile().id());
    var shape = w.plan().network().layer(w.tile().layer()).shape();
    this.rowLength = shape.width() * shape.channels();
    this.nextSequence = new long[edges.size()];
    this.sentSpikes = new long[edges.size()];
    this.delays = w.settings().delay().sampler(w.tile().id());
  }

  /**
   * Sends every consumer tile the spikes {@code fired[i]} (image i of image batch {@code batch},
   * timestep {@code t}) of the rows it needs: an empty batch when there are none; {@code exits}
   * (early exit) pass on to every consumer.
   */
  void send(ActorContext<TileActor.Command> ctx, int batch, int t, int[][] fired, int[] exits) {
    TopologyPlan.Tile tile = w.tile();
    for (int k = 0; k < edges.size(); k++) {
      TopologyPlan.Edge e = edges.get(k);
      int[][] part = new int[fired.length][];
      boolean whole = e.srcRowFrom() <= tile.rowFrom() && e.srcRowTo() >= tile.rowTo();
      for (int i = 0; i < fired.length; i++) {
        part[i] = whole ? fired[i] : filterRows(fired[i], e.srcRowFrom(), e.srcRowTo());
      }
      long seq = nextSequence[k]++;
      sentSpikes[k] += TileActor.SpikeBatch.count(part);
      if (w.settings().faults().drop(e.id(), batch, t)) {
        continue;
      }
      TileActor.SpikeBatch msg = new TileActor.SpikeBatch(e.id(), batch, t, seq, part, exits);
      ActorRef<TileActor.Command> to = w.consumers().get(e.id());
      Duration delay = delays.next();
      if (delay.isZero()) {
        to.tell(msg);
      } else {
        ctx.scheduleOnce(delay, to, msg);
      }
    }
  }

  /** The outbound edge ids, in order. */
  int[] edgeIds() {
    return edges.stream().mapToInt(TopologyPlan.Edge::id).toArray();
  }

  /** Spikes sent so far on each outbound edge, in the order of {@link #edgeIds()}. */
  long[] sentSpikes() {
    return sentSpikes.clone();
  }

  /** The spikes among {@code spikes} (input spikes may be negative: ~index) in rows [rowFrom, rowTo). */
  private int[] filterRows(int[] spikes, int rowFrom, int rowTo) {
    int[] out = new int[spikes.length];
    int n = 0;
    for (int s : spikes) {
      int row = (s >= 0 ? s : ~s) / rowLength;
      if (row >= rowFrom && row < rowTo) {
        out[n++] = s;
      }
    }
    return Arrays.copyOf(out, n);
  }
}
