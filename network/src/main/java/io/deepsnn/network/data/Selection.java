package io.deepsnn.network.data;

import java.util.Arrays;

/**
 * Which positions of a data set a stream visits: a prefix {@code [0, n)} or an ascending list
 * of distinct positions. Ascending order lets every reader seek or skip forward only, which is
 * what gzip streams allow.
 */
final class Selection {

  private final int prefix;
  private final int[] positions;

  private Selection(int prefix, int[] positions) {
    this.prefix = prefix;
    this.positions = positions;
  }

  /** The first {@code n} positions, in order; no array, so it costs nothing for large n. */
  static Selection prefix(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("negative count " + n);
    }
    return new Selection(n, null);
  }

  /** The given positions, which must be ascending and distinct (checked: a bug otherwise). */
  static Selection of(int[] ascending) {
    for (int i = 0; i < ascending.length; i++) {
      if (ascending[i] < 0 || (i > 0 && ascending[i] <= ascending[i - 1])) {
        throw new IllegalArgumentException("positions must be ascending and distinct");
      }
    }
    return new Selection(-1, ascending.clone());
  }

  /** How many positions the stream visits. */
  int count() {
    return positions == null ? prefix : positions.length;
  }

  /** The k-th visited position. */
  int position(int k) {
    if (k < 0 || k >= count()) {
      throw new IndexOutOfBoundsException(k);
    }
    return positions == null ? k : positions[k];
  }

  /** The largest position, or -1 when empty; readers check it against their size. */
  int last() {
    return count() == 0 ? -1 : position(count() - 1);
  }

  @Override
  public String toString() {
    return positions == null ? "[0, " + prefix + ")" : Arrays.toString(positions);
  }
}
