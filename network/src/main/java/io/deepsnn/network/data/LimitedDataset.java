package io.deepsnn.network.data;

/** The first {@code n} samples of a data set, with their original indices. */
final class LimitedDataset extends SeekableDataset {

  private final SeekableDataset base;

  LimitedDataset(SeekableDataset base, int n) {
    super(base.shape(), Math.min(n, base.size()), base.classNames());
    this.base = base;
  }

  @Override
  SampleStream open(Selection selection) {
    // Positions below n are the base's own positions.
    return base.open(checked(selection));
  }

  @Override
  public String describe() {
    return base.describe() + "; first " + DataFiles.count(size());
  }
}
