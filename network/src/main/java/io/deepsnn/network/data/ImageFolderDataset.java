package io.deepsnn.network.data;

import java.nio.file.Path;

/**
 * A folder of JPEG/PNG images in torchvision's {@code ImageFolder} layout, decoded one file at a
 * time.
 *
 * <p>Images are converted to the requested channels (RGB by default, like torchvision's loader),
 * resized so that the shorter side is {@code resize} with a bilinear, antialiased filter that
 * approximates Pillow's, and centre-cropped to {@code crop}×{@code crop}. Without a crop the
 * sample shape is that of the first image (after resizing) and every other image must match it.
 */
final class ImageFolderDataset extends SeekableDataset {

  private final Path root;
  private final ImageFolderIndex index;
  private final PixelTransform transform;
  private final int decodeChannels;

  private ImageFolderDataset(Path root, ImageFolderIndex index, PixelTransform transform,
      int decodeChannels, ImageSize shape) {
    super(shape, index.size(), index.classNames());
    this.root = root;
    this.index = index;
    this.transform = transform;
    this.decodeChannels = decodeChannels;
  }

  /**
   * Lists a folder (the split's folder, already chosen) and fixes the sample shape: from the
   * crop if there is one, else from the first image's header.
   */
  static ImageFolderDataset open(Path root, DatasetOptions options) {
    ImageFolderIndex index = ImageFolderIndex.scan(root);
    int channels = options.channels() == 0 ? 3 : options.channels();
    // Decoding straight to the output channels makes the transform's conversion a no-op.
    PixelTransform transform = new PixelTransform(0, options.resize(), options.crop());
    ImageSize shape;
    if (options.crop() > 0) {
      shape = new ImageSize(channels, options.crop(), options.crop());
    } else {
      Path first = index.path(0);
      int[] hw = ImageDecoder.size(first);
      if (!ImageSize.fits(channels, hw[0], hw[1])) {
        throw new DatasetException(first, "image of " + hw[1] + "×" + hw[0]
            + " pixels is larger than the " + DataFiles.count(ImageSize.MAX_BYTES) + "-byte limit");
      }
      try {
        shape = transform.output(new ImageSize(channels, hw[0], hw[1]));
      } catch (IllegalArgumentException e) {
        throw new DatasetException(first, e.getMessage(), e);
      }
    }
    return new ImageFolderDataset(root, index, transform, channels, shape);
  }

  @Override
  SampleStream open(Selection selection) {
    return new Stream(checked(selection));
  }

  @Override
  public String describe() {
    return "image folder " + root.toAbsolutePath() + ": " + DataFiles.count(size())
        + " images in " + numClasses() + " classes, samples of " + shape()
        + (decodeChannels == 1 ? ", as grayscale" : "") + transform.describe();
  }

  /** Decodes the selected files in order. */
  private final class Stream extends BaseSampleStream {

    Stream(Selection selection) {
      super(selection);
    }

    @Override
    protected Sample read(int position) {
      Path file = index.path(position);
      PlanarImage image = ImageDecoder.decode(file, decodeChannels);
      try {
        image = transform.apply(image);
      } catch (IllegalArgumentException e) {
        throw new DatasetException(file, e.getMessage(), e);
      }
      if (!image.shape().equals(shape())) {
        throw new DatasetException(file, "image is " + image.shape()
            + (transform.describe().isEmpty() ? "" : " after preprocessing")
            + " but the data set's samples are " + shape() + " (from the first image, "
            + index.path(0).getFileName() + "); set resize and crop to make all images one size");
      }
      return new Sample(position, index.label(position), image.pixels());
    }

    @Override
    protected void release() {
      // Each image is opened and closed by the decoder; nothing stays open between samples.
    }
  }
}
