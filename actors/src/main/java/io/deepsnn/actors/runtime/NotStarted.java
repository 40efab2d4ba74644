package io.deepsnn.actors.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Spike batches for image batches a tile has not started yet: across nodes, a producer's spikes
 * can overtake the clock's start message (they travel on another connection). Image batches start
 * in increasing order, so a batch for a number above the newest started one is early (held), and
 * one for a number at or below it belongs to a batch that has already ended.
 *
 * @param <M> the held message
 */
final class NotStarted<M> {
  private final Map<Integer, List<M>> held = new HashMap<>();
  private int newest = -1;

  /** Whether a message for image batch {@code batch}, which this tile does not hold, is early (else it is late). */
  boolean isEarly(int batch) {
    return batch > newest;
  }

  /** Holds {@code message} for image batch {@code batch} until it starts. */
  void hold(int batch, M message) {
    held.computeIfAbsent(batch, b -> new ArrayList<>()).add(message);
  }

  /** Image batch {@code batch} starts: the messages held for it, in arrival order. */
  List<M> start(int batch) {
    newest = Math.max(newest, batch);
    List<M> due = held.remove(batch);
    return due == null ? List.of() : due;
  }
}
