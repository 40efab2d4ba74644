package io.deepsnn.network.data;

import java.util.List;

/**
 * A labelled image data set that is read as a stream, never loaded whole.
 *
 * <p>Every sample has the same shape {@code channels() × height() × width()}. Implementations
 * are immutable and may be shared between threads; each {@link #open()} returns an
 * independent stream.
 */
public interface ImageDataset {

  /**
   * Channels of every sample (1 for grayscale, 3 for RGB).
   *
   * @return C of the C×H×W sample shape
   */
  int channels();

  /**
   * Rows of every sample.
   *
   * @return H of the C×H×W sample shape
   */
  int height();

  /**
   * Columns of every sample.
   *
   * @return W of the C×H×W sample shape
   */
  int width();

  /**
   * Number of samples, known before streaming.
   *
   * @return how many samples a full stream yields
   */
  int size();

  /**
   * Class names in label order; numeric ("0", "1", …) when the format carries no names.
   *
   * @return an unmodifiable list of {@link #numClasses()} names
   */
  List<String> classNames();

  /**
   * Number of classes; every label is below it.
   *
   * @return the number of classes
   */
  int numClasses();

  /**
   * A human-readable description: format, path, size and shape.
   *
   * @return one line of text
   */
  String describe();

  /**
   * Opens a fresh stream over all samples in index order. Several streams may be open at once.
   *
   * @return a new stream; close it when done
   * @throws DatasetException if the files cannot be opened
   */
  SampleStream open();
}
