package io.deepsnn.network.data;

/** A data set under another description (e.g. the bundled images, not their temporary path). */
final class NamedDataset extends SeekableDataset {

  private final SeekableDataset base;
  private final String description;

  NamedDataset(SeekableDataset base, String description) {
    super(base.shape(), base.size(), base.classNames());
    this.base = base;
    this.description = description;
  }

  @Override
  SampleStream open(Selection selection) {
    return base.open(checked(selection));
  }

  @Override
  public String describe() {
    return description;
  }
}
