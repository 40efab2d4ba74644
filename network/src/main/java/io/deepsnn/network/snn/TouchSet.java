package io.deepsnn.network.snn;

/**
 * The spatial positions of a layer that received input in the current timestep, so that
 * thresholds are checked only there. A position is a pixel; all its channels are checked. A flat
 * layer has one position.
 */
final class TouchSet {
  private final int[] stamp;
  private final int[] list;
  private int size;
  private int current;
  /** Every position is marked: further marks are no-ops the kernels may skip. */
  private boolean all;

  TouchSet(int positions) {
    stamp = new int[positions];
    list = new int[positions];
  }

  /** Forgets every position (O(1)). */
  void clear() {
    size = 0;
    all = false;
    current++;
    if (current == Integer.MAX_VALUE) {
      java.util.Arrays.fill(stamp, 0);
      current = 1;
    }
  }

  /** Marks a position. */
  void mark(int position) {
    if (stamp[position] != current) {
      stamp[position] = current;
      list[size++] = position;
    }
  }

  /** Marks every position. */
  void markAll() {
    if (all) {
      return;
    }
    for (int p = 0; p < stamp.length; p++) {
      mark(p);
    }
    all = true;
  }

  /** Whether every position is marked (until the next {@link #clear()}). */
  boolean isAll() {
    return all;
  }

  /** Number of positions. */
  int capacity() {
    return stamp.length;
  }

  int size() {
    return size;
  }

  int get(int i) {
    return list[i];
  }
}
