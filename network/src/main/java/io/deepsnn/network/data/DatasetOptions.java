package io.deepsnn.network.data;

import java.util.Objects;

/**
 * How to read a data set: which split, how many channels, and the torchvision-style
 * {@code Resize(resize)} + {@code CenterCrop(crop)} preprocessing.
 *
 * @param split {@code "test"} or {@code "train"}; picks the files of a folder (image folders
 *     fall back from {@code test} to {@code val})
 * @param channels 1 (grayscale) or 3 (RGB) to convert the images, or 0 to keep them as stored
 *     (1 for IDX, 3 for CIFAR-10 and image folders)
 * @param resize the length of the shorter side after a bilinear resize, or 0 for no resize
 * @param crop the side of the square centre crop taken after resizing, or 0 for no crop
 */
public record DatasetOptions(String split, int channels, int resize, int crop) {

  /** The split of evaluation data. */
  public static final String TEST = "test";

  /** The split of training data. */
  public static final String TRAIN = "train";

  /**
   * Largest accepted resize or crop side. Far beyond any classification input, and it keeps a
   * typo from asking for gigabytes per image.
   */
  public static final int MAX_SIDE = 8192;

  /**
   * Checks the components.
   *
   * @param split {@code "test"} or {@code "train"}
   * @param channels 0, 1 or 3
   * @param resize 0 to {@link #MAX_SIDE}
   * @param crop 0 to {@link #MAX_SIDE}
   * @throws IllegalArgumentException naming the bad component
   */
  public DatasetOptions {
    Objects.requireNonNull(split, "split");
    if (!split.equals(TEST) && !split.equals(TRAIN)) {
      throw new IllegalArgumentException("split must be 'test' or 'train', got '" + split + "'");
    }
    if (channels != 0 && channels != 1 && channels != 3) {
      throw new IllegalArgumentException(
          "channels must be 1 (grayscale), 3 (RGB) or 0 (as stored), got " + channels);
    }
    checkSide("resize", resize);
    checkSide("crop", crop);
  }

  /**
   * The defaults: the test split, channels as stored, no resize, no crop.
   *
   * @return the default options
   */
  public static DatasetOptions defaults() {
    return new DatasetOptions(TEST, 0, 0, 0);
  }

  /**
   * A copy with another split.
   *
   * @param newSplit {@code "test"} or {@code "train"}
   * @return the new options
   */
  public DatasetOptions withSplit(String newSplit) {
    return new DatasetOptions(newSplit, channels, resize, crop);
  }

  /**
   * A copy with another channel count.
   *
   * @param newChannels 0, 1 or 3
   * @return the new options
   */
  public DatasetOptions withChannels(int newChannels) {
    return new DatasetOptions(split, newChannels, resize, crop);
  }

  /**
   * A copy with another resize.
   *
   * @param newResize shorter side after resizing, or 0
   * @return the new options
   */
  public DatasetOptions withResize(int newResize) {
    return new DatasetOptions(split, channels, newResize, crop);
  }

  /**
   * A copy with another crop.
   *
   * @param newCrop side of the centre crop, or 0
   * @return the new options
   */
  public DatasetOptions withCrop(int newCrop) {
    return new DatasetOptions(split, channels, resize, newCrop);
  }

  private static void checkSide(String name, int value) {
    if (value < 0 || value > MAX_SIDE) {
      throw new IllegalArgumentException(
          name + " must be between 0 (off) and " + MAX_SIDE + ", got " + value);
    }
  }
}
