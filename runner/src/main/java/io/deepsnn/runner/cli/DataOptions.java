package io.deepsnn.runner.cli;

import io.deepsnn.runner.pipeline.BundledDemo;
import io.deepsnn.network.data.DatasetOptions;
import io.deepsnn.network.data.Datasets;
import io.deepsnn.network.data.ImageDataset;
import io.deepsnn.network.data.Normalization;
import io.deepsnn.network.graph.Shape;
import io.deepsnn.network.onnx.ModelMetadata;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options that pick a data set and its input normalisation (shared by every command that reads images). */
public final class DataOptions {
  @Option(names = "--data", paramLabel = "PATH",
      description = "IDX or CIFAR-10 binary file, a folder of them, or an image folder (one sub-folder per "
          + "class). Default: the 1,000 bundled Fashion-MNIST test images.")
  Path data;

  @Option(names = "--split", paramLabel = "test|train",
      description = "Which split of a folder to read (default: test; for calibration: train).")
  String split;

  @Option(names = "--mean", paramLabel = "M1[,M2,M3]",
      description = "Per-channel mean on the 0-1 pixel scale (overrides the model's metadata).")
  String mean;

  @Option(names = "--std", paramLabel = "S1[,S2,S3]",
      description = "Per-channel standard deviation on the 0-1 pixel scale (overrides the model's metadata).")
  String std;

  @Option(names = "--resize", paramLabel = "PIXELS",
      description = "Image folders: resize the shorter side to this before cropping (default: as the crop).")
  int resize;

  @Option(names = "--crop", paramLabel = "PIXELS",
      description = "Image folders: centre crop to this size (default: the model's input size).")
  int crop;

  /** Whether the bundled images are used. */
  public boolean isBundled() {
    return data == null;
  }

  /** The data set (split {@code test} unless given), shaped for a model with input {@code input}. */
  public ImageDataset open(Shape input) {
    return open(input, "test");
  }

  /** The data set, of split {@code --split} or else {@code defaultSplit}, shaped for a model with input {@code input}. */
  public ImageDataset open(Shape input, String defaultSplit) {
    Path path = data != null ? data : BundledDemo.images();
    String split = this.split != null ? this.split : defaultSplit;
    checkCropAndResize(path, input);
    int cropSize = crop > 0 ? crop : input.height();
    int resizeSize = resize > 0 ? resize : cropSize;
    DatasetOptions options = DatasetOptions.defaults().withSplit(split).withChannels(input.channels());
    if (isImageFolder(path)) {
      options = options.withResize(resizeSize).withCrop(cropSize);
    }
    ImageDataset opened = BundledDemo.named(Datasets.open(path, options), path, split);
    if (opened.height() != input.height() || opened.width() != input.width()) {
      String hint = isImageFolder(path) ? " (--crop/--resize set the size of an image folder's images)"
          : " (a data set for another model?)";
      throw new IllegalArgumentException(opened.describe() + ": images of " + opened.channels() + "x"
          + opened.height() + "x" + opened.width() + ", but the model's input is " + input + hint);
    }
    return opened;
  }

  /**
   * The normalisation: {@code --mean}/{@code --std} if given, else the model's metadata.
   *
   * @throws IllegalArgumentException when neither gives one
   */
  public Normalization normalization(Optional<ModelMetadata> metadata) {
    if (mean != null || std != null) {
      if (mean == null || std == null) {
        throw new IllegalArgumentException("--mean and --std go together");
      }
      return Normalization.parse(mean, std);
    }
    if (metadata.isPresent() && metadata.get().mean().length > 0 && metadata.get().std().length > 0) {
      return new Normalization(metadata.get().mean(), metadata.get().std());
    }
    throw new IllegalArgumentException("no input normalisation: give --mean and --std (on the 0-1 pixel scale), "
        + "or put \"mean\" and \"std\" in the model's JSON file");
  }

  /**
   * {@code --crop} and {@code --resize} apply to image folders only, and the crop must give the
   * model's input size: refused before any image is read, naming the option.
   */
  private void checkCropAndResize(Path path, Shape input) {
    if (crop < 0 || resize < 0) {
      throw new IllegalArgumentException((crop < 0 ? "--crop " + crop : "--resize " + resize)
          + ": a size in pixels must be positive");
    }
    if ((crop > 0 || resize > 0) && !isImageFolder(path)) {
      throw new IllegalArgumentException((crop > 0 ? "--crop" : "--resize") + " applies to image folders only, and "
          + path + " is an IDX or CIFAR-10 data set, whose images are already " + input.height() + "x"
          + input.width());
    }
    if (crop > 0 && (crop != input.height() || crop != input.width())) {
      throw new IllegalArgumentException("--crop " + crop + ": the model's input is " + input + ", so the crop must be "
          + input.height() + (input.height() == input.width() ? "" : "x" + input.width())
          + " (or leave --crop out); use --resize to scale the images first");
    }
  }

  /** A folder that is neither IDX nor CIFAR: resizing and cropping apply. */
  private static boolean isImageFolder(Path path) {
    if (!java.nio.file.Files.isDirectory(path)) {
      return false;
    }
    try (var s = java.nio.file.Files.list(path)) {
      return s.map(p -> p.getFileName().toString())
          .noneMatch(n -> n.contains("-idx") || n.endsWith(".bin") || n.endsWith(".bin.gz"));
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
