package io.deepsnn.network.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Resize, centre crop and channel conversion. The expected arrays marked "Pillow 9.4" were
 * produced by {@code Image.resize((w, h), Image.BILINEAR)} / {@code convert('L')} on the image
 * of {@link TestFiles#pillowFixture()}, with torchvision's output-size and crop arithmetic.
 */
class PixelTransformTest {

  private static PlanarImage image(int c, int h, int w, int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) values[i];
    }
    return new PlanarImage(new ImageSize(c, h, w), b);
  }

  private static PlanarImage fixture() {
    return new PlanarImage(new ImageSize(3, 5, 7), TestFiles.pillowFixture());
  }

  @Test
  void downscaleAveragesTheCoveredArea() {
    // A 2-row, 4-column image to shorter side 1 (→ 1×2), by hand: the horizontal filter has
    // support 2 around centres 1 and 3, weights (3, 3, 1)/7 and (1, 3, 3)/7; the vertical one
    // averages the two rows. Column 0: row 0 = 3·70/7 = 30, row 1 = 3·70/7 = 30 → 30;
    // column 1: row 0 = 0, row 1 = 70/7 = 10 → 5. Centre crop 1 of width 2 starts at
    // round(0.5) = 0 (half to even).
    PlanarImage in = image(1, 2, 4, 70, 0, 0, 0, 0, 70, 0, 0);

    PlanarImage resized = new PixelTransform(0, 1, 0).apply(in);
    PlanarImage cropped = new PixelTransform(0, 1, 1).apply(in);

    assertEquals(new ImageSize(1, 1, 2), resized.shape());
    assertArrayEquals(new int[] {30, 5}, TestFiles.unsigned(resized.pixels()));
    assertArrayEquals(new int[] {30}, TestFiles.unsigned(cropped.pixels()));
  }

  @Test
  void upscaleInterpolatesLinearly() {
    // 1×2 → 1×4 (only the width changes): centres 0.25, 0.75, 1.25, 1.75 on the input grid,
    // clamped at the borders: 0, ¾·0 + ¼·200, ¼·0 + ¾·200, 200.
    PlanarImage out = BilinearResize.resize(image(1, 1, 2, 0, 200), 1, 4);

    assertArrayEquals(new int[] {0, 50, 150, 200}, TestFiles.unsigned(out.pixels()));
  }

  @Test
  void downscaleMatchesPillow() {
    PlanarImage out = new PixelTransform(0, 3, 0).apply(fixture());

    assertEquals(new ImageSize(3, 3, 4), out.shape()); // int(3 · 7 / 5) = 4
    assertArrayEquals(new int[] { // Pillow 9.4
        61, 128, 127, 163, 151, 142, 148, 140, 106, 125, 142, 131,
        114, 150, 149, 139, 143, 135, 141, 102, 159, 147, 88, 119,
        162, 146, 173, 129, 117, 129, 120, 148, 144, 114, 141, 172},
        TestFiles.unsigned(out.pixels()));
  }

  @Test
  void upscaleAndCropMatchPillow() {
    PlanarImage resized = new PixelTransform(0, 8, 0).apply(fixture());
    PlanarImage out = new PixelTransform(0, 8, 6).apply(fixture());

    assertEquals(new ImageSize(3, 8, 11), resized.shape());
    assertArrayEquals(new int[] {0, 17, 40, 64, 87, 111, 135, 158, 182, 205, 222}, // Pillow 9.4
        java.util.Arrays.copyOf(TestFiles.unsigned(resized.pixels()), 11));
    assertEquals(new ImageSize(3, 6, 6), out.shape());
    assertArrayEquals(new int[] { // Pillow 9.4, crop at top round(1.0) = 1, left round(2.5) = 2
        86, 113, 140, 168, 124, 110, 151, 173, 201, 233, 113, 58,
        202, 128, 117, 154, 141, 149, 187, 118, 113, 156, 147, 161,
        108, 145, 189, 237, 132, 93, 146, 108, 121, 174, 156, 129,
        139, 166, 153, 109, 136, 163, 190, 221, 166, 46, 79, 107,
        95, 132, 141, 127, 165, 154, 81, 123, 137, 129, 171, 166,
        146, 194, 155, 50, 97, 141, 199, 161, 133, 115, 77, 77,
        182, 138, 134, 162, 189, 177, 220, 100, 67, 99, 121, 148,
        141, 127, 143, 180, 106, 79, 127, 118, 139, 182, 112, 91,
        178, 73, 55, 103, 140, 183, 111, 93, 115, 168, 130, 130},
        TestFiles.unsigned(out.pixels()));
  }

  @Test
  void grayscaleThenResizeMatchesPillow() {
    PlanarImage grey = new PixelTransform(1, 0, 0).apply(fixture());
    PlanarImage small = new PixelTransform(1, 3, 0).apply(fixture());

    assertArrayEquals(new int[] { // Pillow 9.4 convert('L')
        43, 80, 117, 154, 191, 199, 86, 134, 184, 205, 105, 78, 128, 178, 196, 109, 95, 158,
        192, 105, 91, 60, 136, 183, 109, 108, 184, 81, 151, 211, 73, 162, 72, 84, 173},
        TestFiles.unsigned(grey.pixels()));
    assertArrayEquals(new int[] {104, 143, 145, 145, 143, 136, 140, 118, 141, 138, 110, 128},
        TestFiles.unsigned(small.pixels())); // Pillow 9.4
  }

  /**
   * Larger images of many aspect ratios and scale factors (up, down by 2–200×, grey): the CRC-32
   * of the whole planar output as computed from Pillow 9.4's output, so a single differing pixel
   * fails. Input value (c, y, x) = (x·37 + y·91 + c·53 + x·y·13) mod 256.
   */
  @Test
  void manySizesMatchPillowExactly() {
    long[][] cases = { // height, width, resize, crop, channels, CRC-32 of Pillow's output
        {37, 53, 16, 0, 3, 0x0319ae62L},
        {37, 53, 100, 0, 3, 0xa763e326L},
        {100, 61, 32, 28, 3, 0xcace25a0L},
        {224, 300, 256, 224, 3, 0x93593487L},
        {480, 640, 224, 0, 3, 0xb7471addL},
        {1000, 17, 5, 0, 3, 0xa069f9b5L},
        {375, 500, 256, 224, 1, 0xb553bc87L},
    };
    for (long[] k : cases) {
      int h = (int) k[0];
      int w = (int) k[1];
      byte[] p = new byte[3 * h * w];
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            p[(c * h + y) * w + x] = (byte) ((x * 37 + y * 91 + c * 53 + x * y * 13) % 256);
          }
        }
      }
      PlanarImage out = new PixelTransform((int) k[4], (int) k[2], (int) k[3])
          .apply(new PlanarImage(new ImageSize(3, h, w), p));
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update(out.pixels());
      assertEquals(k[5], crc.getValue(), () -> "case " + java.util.Arrays.toString(k));
    }
  }

  @Test
  void lumaFollowsPillowFixedPoint() {
    // 0.299·0 + 0.587·0 + 0.114·250 = 28.5 rounds to 29, but Pillow's fixed point gives 28.
    assertEquals(28, ChannelConversion.luma(0, 0, 250));
    assertEquals(255, ChannelConversion.luma(255, 255, 255));
    assertEquals(0, ChannelConversion.luma(0, 0, 0));
  }

  @Test
  void cropOffsetRoundsHalfToEven() {
    assertEquals(0, CenterCrop.offset(3, 2)); // round(0.5) = 0
    assertEquals(2, CenterCrop.offset(5, 2)); // round(1.5) = 2
    assertEquals(2, CenterCrop.offset(4, 1)); // round(1.5) = 2
    assertEquals(1, CenterCrop.offset(4, 2)); // 1.0
    assertEquals(-1, CenterCrop.offset(2, 5)); // pad (5 - 2) // 2 = 1 before
  }

  @Test
  void cropLargerThanTheImagePadsWithZeros() {
    PlanarImage out = CenterCrop.crop(image(1, 1, 2, 7, 9), 3);

    assertArrayEquals(new int[] {0, 0, 0, 7, 9, 0, 0, 0, 0}, TestFiles.unsigned(out.pixels()));
  }

  @Test
  void resizedSizeFollowsTorchvision() {
    assertArrayEquals(new long[] {256, 341}, PixelTransform.resizedSize(375, 500, 256));
    assertArrayEquals(new long[] {341, 256}, PixelTransform.resizedSize(500, 375, 256));
    assertArrayEquals(new long[] {256, 256}, PixelTransform.resizedSize(32, 32, 256));
  }

  @Test
  void identityLeavesTheImageAlone() {
    PlanarImage in = fixture();

    assertSame(in, new PixelTransform(0, 5, 0).apply(in));
    assertSame(in, new PixelTransform(3, 0, 0).apply(in));
  }

  @Test
  void absurdResizeIsRefusedBeforeAllocating() {
    PlanarImage thin = image(1, 1, 80_000, new int[80_000]);

    assertThrows(IllegalArgumentException.class,
        () -> new PixelTransform(0, 8192, 0).apply(thin));
  }
}
