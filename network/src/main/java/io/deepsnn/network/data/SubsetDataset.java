package io.deepsnn.network.data;

import java.util.SplittableRandom;

/**
 * A seeded random sample of distinct positions of a data set, streamed in ascending order so
 * that the base can seek or skip forward.
 */
final class SubsetDataset extends SeekableDataset {

  private final SeekableDataset base;
  /** Base positions of this view's samples, ascending. */
  private final int[] positions;
  private final long seed;

  private SubsetDataset(SeekableDataset base, int[] positions, long seed) {
    super(base.shape(), positions.length, base.classNames());
    this.base = base;
    this.positions = positions;
    this.seed = seed;
  }

  /**
   * Draws {@code min(n, size)} distinct positions with Knuth's selection sampling (Algorithm S):
   * one pass in ascending order, each position kept with probability (still needed) / (still
   * available), which makes every n-subset equally likely and needs no set or sort.
   */
  static SubsetDataset draw(SeekableDataset base, int n, long seed) {
    int size = base.size();
    int wanted = Math.min(n, size);
    int[] positions = new int[wanted];
    SplittableRandom random = new SplittableRandom(seed);
    int taken = 0;
    for (int i = 0; i < size && taken < wanted; i++) {
      if (random.nextInt(size - i) < wanted - taken) {
        positions[taken++] = i;
      }
    }
    return new SubsetDataset(base, positions, seed);
  }

  @Override
  SampleStream open(Selection selection) {
    Selection mine = checked(selection);
    int[] mapped = new int[mine.count()];
    for (int k = 0; k < mapped.length; k++) {
      mapped[k] = positions[mine.position(k)];
    }
    return base.open(Selection.of(mapped));
  }

  @Override
  public String describe() {
    return base.describe() + "; random " + DataFiles.count(size()) + " (seed " + seed + ")";
  }
}
