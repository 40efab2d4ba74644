package io.deepsnn.actors.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * The conservation counters of every edge of a deployment: spikes sent, received and integrated,
 * and how late they were integrated.
 *
 * @param edges one entry per edge, by edge id
 */
public record EdgeCounters(List<EdgeCount> edges) {

  /**
   * One edge's counters: spikes sent, received and integrated, and the sum of their lags in
   * timesteps (0 under pseudo-simultaneous propagation).
   */
  public record EdgeCount(int edge, long sent, long received, long integrated, long lagSum) {
    /** True when every spike sent was received and integrated. */
    public boolean conserved() {
      return sent == received && received == integrated;
    }
  }

  /**
   * The counters of {@code edgeCount} edges from the tiles' reports (each edge's sender counts what
   * it sent, its receiver what it received and integrated).
   */
  public static EdgeCounters merge(int edgeCount, List<ClockActor.TileCounters> tiles) {
    long[] sent = new long[edgeCount];
    long[] received = new long[edgeCount];
    long[] integrated = new long[edgeCount];
    long[] lagSum = new long[edgeCount];
    for (ClockActor.TileCounters c : tiles) {
      for (int k = 0; k < c.outEdges().length; k++) {
        sent[c.outEdges()[k]] += c.sent()[k];
      }
      for (int k = 0; k < c.inEdges().length; k++) {
        received[c.inEdges()[k]] += c.received()[k];
        integrated[c.inEdges()[k]] += c.integrated()[k];
        lagSum[c.inEdges()[k]] += c.lagSum()[k];
      }
    }
    List<EdgeCount> edges = new ArrayList<>();
    for (int e = 0; e < edgeCount; e++) {
      edges.add(new EdgeCount(e, sent[e], received[e], integrated[e], lagSum[e]));
    }
    return new EdgeCounters(List.copyOf(edges));
  }
}
