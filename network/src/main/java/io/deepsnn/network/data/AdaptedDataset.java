package io.deepsnn.network.data;

import java.util.NoSuchElementException;

/**
 * Gives the selection streams of {@link SeekableDataset} to a data set implemented elsewhere,
 * by reading its full stream and dropping the samples that are not selected.
 */
final class AdaptedDataset extends SeekableDataset {

  private final ImageDataset base;

  private AdaptedDataset(ImageDataset base) {
    super(new ImageSize(base.channels(), base.height(), base.width()), base.size(),
        base.classNames());
    this.base = base;
  }

  /** The data set itself if it is one of ours, else an adapter. */
  static SeekableDataset of(ImageDataset dataset) {
    return dataset instanceof SeekableDataset s ? s : new AdaptedDataset(dataset);
  }

  @Override
  SampleStream open(Selection selection) {
    Selection mine = checked(selection);
    SampleStream full = base.open();
    return new BaseSampleStream(mine) {
      private int nextPosition;

      @Override
      protected Sample read(int position) {
        while (true) {
          if (!full.hasNext()) {
            throw new NoSuchElementException("the stream of " + base.describe()
                + " ended before position " + position);
          }
          Sample sample = full.next();
          if (nextPosition++ == position) {
            return sample;
          }
        }
      }

      @Override
      protected void release() {
        full.close();
      }
    };
  }

  @Override
  public String describe() {
    return base.describe();
  }
}
