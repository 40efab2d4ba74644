package io.deepsnn.network.data;

/**
 * An image as unsigned bytes in channel-major C×H×W order, the form every reader produces
 * before preprocessing.
 *
 * @param shape the C×H×W shape
 * @param pixels {@code shape.bytes()} unsigned values
 */
record PlanarImage(ImageSize shape, byte[] pixels) {

  PlanarImage {
    if (pixels.length != shape.bytes()) {
      throw new IllegalArgumentException(
          pixels.length + " bytes do not make an image of shape " + shape);
    }
  }
}
