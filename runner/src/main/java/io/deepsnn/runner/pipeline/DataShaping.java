package io.deepsnn.runner.pipeline;

import io.deepsnn.network.data.DatasetOptions;
import io.deepsnn.network.data.ImageDataset;
import io.deepsnn.network.graph.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a data set is shaped for a model, the same from the command line ({@code --crop},
 * {@code --resize}) and from HOCON ({@code data.crop}, {@code data.resize}): an image folder is
 * resized (shorter side; default: the crop) and centre-cropped (default: the model's input
 * size); IDX and CIFAR-10 data are taken as they are. What cannot apply is refused, naming the
 * option or key, before any image is read.
 */
public final class DataShaping {
  private final String cropName;
  private final String resizeName;

  /** Shaping whose errors name {@code cropName} and {@code resizeName} (e.g. "--crop" or "data.crop"). */
  public DataShaping(String cropName, String resizeName) {
    this.cropName = cropName;
    this.resizeName = resizeName;
  }

  /**
   * The options to open {@code path} with for a model of input {@code input}; {@code crop} and
   * {@code resize} in pixels, 0 for the defaults.
   */
  public DatasetOptions options(Path path, String split, Shape input, int crop, int resize) {
    if (crop < 0 || resize < 0) {
      throw new IllegalArgumentException((crop < 0 ? cropName + " " + crop : resizeName + " " + resize)
          + ": a size in pixels must be positive");
    }
    boolean folder = isImageFolder(path);
    if ((crop > 0 || resize > 0) && !folder) {
      throw new IllegalArgumentException((crop > 0 ? cropName : resizeName) + " applies to image folders only, and "
          + path + " is an IDX or CIFAR-10 data set, whose images are already " + input.height() + "x"
          + input.width());
    }
    if (crop > 0 && (crop != input.height() || crop != input.width())) {
      throw new IllegalArgumentException(cropName + " " + crop + ": the model's input is " + input
          + ", so the crop must be " + input.height() + (input.height() == input.width() ? "" : "x" + input.width())
          + " (or leave " + cropName + " out); use " + resizeName + " to scale the images first");
    }
    DatasetOptions options = DatasetOptions.defaults().withSplit(split).withChannels(input.channels());
    if (!folder) {
      return options;
    }
    int cropSize = crop > 0 ? crop : input.height();
    return options.withResize(resize > 0 ? resize : cropSize).withCrop(cropSize);
  }

  /** {@code opened} itself, or why its images do not fit a model of input {@code input}. */
  public ImageDataset checked(ImageDataset opened, Path path, Shape input) {
    if (opened.height() != input.height() || opened.width() != input.width()) {
      String hint = isImageFolder(path) ? " (" + cropName + "/" + resizeName + " set the size of an image folder's "
          + "images)" : " (a data set for another model?)";
      throw new IllegalArgumentException(opened.describe() + ": images of " + opened.channels() + "x"
          + opened.height() + "x" + opened.width() + ", but the model's input is " + input + hint);
    }
    return opened;
  }

  /** A folder that is neither IDX nor CIFAR: resizing and cropping apply. */
  static boolean isImageFolder(Path path) {
    if (!Files.isDirectory(path)) {
      return false;
    }
    try (var s = Files.list(path)) {
      return s.map(p -> p.getFileName().toString())
          .noneMatch(n -> n.contains("-idx") || n.endsWith(".bin") || n.endsWith(".bin.gz"));
    } catch (IOException e) {
      return false;
    }
  }
}
