package io.deepsnn.actors.runtime;

/**
 * The sequence numbers a tile expects next on each inbound edge: producers number their batches
 * per edge (0, 1, 2, ... across image batches), so a batch lost on the way shows as a gap at the
 * next one, and is reported instead of being integrated as silence.
 */
final class EdgeSequences {
  private final long[] expected;

  /** Sequences of {@code edges} inbound edges, all expecting 0. */
  EdgeSequences(int edges) {
    this.expected = new long[edges];
  }

  /** Accepts {@code sequence} on edge {@code edge} (local index) if it is the next one; false for a gap. */
  boolean accept(int edge, long sequence) {
    if (sequence != expected[edge]) {
      return false;
    }
    expected[edge]++;
    return true;
  }

  /** The sequence number expected next on {@code edge}. */
  long expected(int edge) {
    return expected[edge];
  }
}
