package io.deepsnn.runner.cli;

import io.deepsnn.runner.pipeline.BundledDemo;
import io.deepsnn.runner.pipeline.DataShaping;
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
    DataShaping shaping = new DataShaping("--crop", "--resize");
    DatasetOptions options = shaping.options(path, split, input, crop, resize);
    return shaping.checked(BundledDemo.named(Datasets.open(path, options), path, split), path, input);
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
}
