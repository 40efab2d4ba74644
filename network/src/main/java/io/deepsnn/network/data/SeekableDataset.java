package io.deepsnn.network.data;

import java.util.List;
import java.util.Objects;

/**
 * Base of this package's data sets: besides a full stream, each can stream an ascending
 * selection of positions, seeking where the file allows it (raw files, image folders) and
 * skipping otherwise (gzip). Views such as {@link Datasets#limit} and {@link Datasets#subset}
 * are built on that.
 */
abstract class SeekableDataset implements ImageDataset {

  private final ImageSize shape;
  private final int size;
  private final List<String> classNames;

  SeekableDataset(ImageSize shape, int size, List<String> classNames) {
    this.shape = Objects.requireNonNull(shape, "shape");
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
    this.size = size;
    this.classNames = List.copyOf(classNames);
  }

  /**
   * Opens a stream over the selected positions; every position is below {@link #size()}.
   *
   * @param selection ascending positions
   * @return a new stream yielding one sample per selected position
   */
  abstract SampleStream open(Selection selection);

  /** The sample shape, for views. */
  final ImageSize shape() {
    return shape;
  }

  @Override
  public final SampleStream open() {
    return open(Selection.prefix(size));
  }

  /** Checks a selection before a reader trusts it. */
  final Selection checked(Selection selection) {
    if (selection.last() >= size) {
      throw new IndexOutOfBoundsException(
          "position " + selection.last() + " of a data set of " + size);
    }
    return selection;
  }

  @Override
  public final int channels() {
    return shape.channels();
  }

  @Override
  public final int height() {
    return shape.height();
  }

  @Override
  public final int width() {
    return shape.width();
  }

  @Override
  public final int size() {
    return size;
  }

  @Override
  public final List<String> classNames() {
    return classNames;
  }

  @Override
  public final int numClasses() {
    return classNames.size();
  }

  @Override
  public String toString() {
    return describe();
  }

  /** Numeric class names "0", "1", … for formats that store none. */
  static List<String> numericNames(int count) {
    String[] names = new String[count];
    for (int i = 0; i < count; i++) {
      names[i] = Integer.toString(i);
    }
    return List.of(names);
  }
}
