package io.deepsnn.network.data;

/**
 * The first {@code size} samples of a data set, with their original indices, under a description
 * of its own: {@link Datasets#limit} keeps a prefix, {@link Datasets#named} keeps all samples and
 * renames them (e.g. the bundled images, not their temporary path).
 */
final class PrefixDataset extends SeekableDataset {

  private final SeekableDataset base;
  private final String description;

  PrefixDataset(SeekableDataset base, int size, String description) {
    super(base.shape(), Math.min(size, base.size()), base.classNames());
    this.base = base;
    this.description = description;
  }

  @Override
  SampleStream open(Selection selection) {
    // Positions below size are the base's own positions.
    return base.open(checked(selection));
  }

  @Override
  public String describe() {
    return description;
  }
}
