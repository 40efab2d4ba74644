package io.deepsnn.actors.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, for one image batch of one tile, when a timestep is complete: every inbound edge has
 * delivered exactly one batch for it (SEMANTICS §3, pseudo-simultaneous propagation). A batch of a
 * later timestep (pipelined timing: a producer runs ahead) is held until the tile gets there; a
 * second batch of an edge for one timestep, or one for a timestep already completed, is an error.
 * No actors here: the tile actor asks, then acts.
 *
 * @param <M> what a delivery carries (the tile's spike batch)
 */
final class TimestepGate<M> {
  /** What to do with a delivery. */
  enum Admission {
    /** Its timestep is the current one: integrate it now. */
    NOW,
    /** Its timestep is later: it is held, and comes back from {@link #advance()} when due. */
    HELD,
    /** The edge already delivered this timestep. */
    DUPLICATE,
    /** Its timestep has completed already. */
    LATE
  }

  private final int edges;
  private final boolean[] delivered;
  private int deliveredCount;
  private int current;
  private final Map<Integer, List<Delivery<M>>> held = new HashMap<>();

  /** A delivery on inbound edge {@code edge} (local index) of {@code message}. */
  record Delivery<M>(int edge, M message) {
  }

  /** A gate for a tile with {@code edges} inbound edges, at timestep 0. */
  TimestepGate(int edges) {
    this.edges = edges;
    this.delivered = new boolean[edges];
  }

  /** Takes edge {@code edge}'s delivery for {@code timestep}. */
  Admission offer(int edge, int timestep, M message) {
    if (timestep > current) {
      List<Delivery<M>> later = held.computeIfAbsent(timestep, t -> new ArrayList<>());
      if (later.stream().anyMatch(d -> d.edge() == edge)) {
        return Admission.DUPLICATE;
      }
      later.add(new Delivery<>(edge, message));
      return Admission.HELD;
    }
    if (timestep < current) {
      return Admission.LATE;
    }
    if (delivered[edge]) {
      return Admission.DUPLICATE;
    }
    delivered[edge] = true;
    deliveredCount++;
    return Admission.NOW;
  }

  /** Whether every edge has delivered the current timestep. */
  boolean complete() {
    return deliveredCount == edges;
  }

  /**
   * Moves to the next timestep and returns the deliveries held for it, now counted as delivered
   * (integrate them; then check {@link #complete()} again).
   */
  List<Delivery<M>> advance() {
    current++;
    java.util.Arrays.fill(delivered, false);
    deliveredCount = 0;
    List<Delivery<M>> due = held.remove(current);
    if (due == null) {
      return List.of();
    }
    for (Delivery<M> d : due) {
      delivered[d.edge()] = true;
      deliveredCount++;
    }
    return due;
  }

  /** The timestep being gathered. */
  int current() {
    return current;
  }

  /** The inbound edges (local indices) that have not delivered the current timestep. */
  List<Integer> missing() {
    List<Integer> out = new ArrayList<>();
    for (int e = 0; e < edges; e++) {
      if (!delivered[e]) {
        out.add(e);
      }
    }
    return out;
  }
}
