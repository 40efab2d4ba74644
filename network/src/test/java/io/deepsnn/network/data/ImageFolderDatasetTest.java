package io.deepsnn.network.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderDatasetTest {

  @TempDir Path dir;

  private static byte[] rgb(int seed) {
    return TestFiles.pattern(3 * 2 * 3, seed); // 3 channels, 2 rows, 3 columns
  }

  @Test
  void labelsFollowSortedClassFoldersAndPixelsAreExact() throws IOException {
    TestFiles.writePng(dir.resolve("dog/b.png"), TestFiles.rgbImage(2, 3, rgb(1)));
    TestFiles.writePng(dir.resolve("dog/a.PNG"), TestFiles.rgbImage(2, 3, rgb(2)));
    TestFiles.writePng(dir.resolve("cat/z.png"), TestFiles.rgbImage(2, 3, rgb(3)));
    TestFiles.write(dir.resolve("cat/notes.txt"), new byte[] {1, 2, 3});
    Files.createDirectories(dir.resolve("zebra")); // a class without images

    ImageDataset ds = Datasets.open(dir, DatasetOptions.defaults());

    assertEquals(List.of("cat", "dog", "zebra"), ds.classNames());
    assertEquals(3, ds.numClasses());
    assertEquals(3, ds.size());
    assertEquals(List.of(3, 2, 3), List.of(ds.channels(), ds.height(), ds.width()));
    List<Sample> samples = TestFiles.readAll(ds);
    assertEquals(List.of(0, 1, 1), samples.stream().map(Sample::label).toList());
    assertEquals(List.of(0L, 1L, 2L), samples.stream().map(Sample::index).toList());
    assertArrayEquals(rgb(3), samples.get(0).pixels());
    assertArrayEquals(rgb(2), samples.get(1).pixels()); // "a.PNG" sorts before "b.png"
    assertArrayEquals(rgb(1), samples.get(2).pixels());
    assertTrue(ds.describe().contains(dir.toAbsolutePath().toString()), ds.describe());
  }

  @Test
  void nestedFoldersAreSearchedLikeTorchvision() {
    TestFiles.writePng(dir.resolve("cls/sub/a.png"), TestFiles.rgbImage(2, 3, rgb(1)));
    TestFiles.writePng(dir.resolve("cls/b.png"), TestFiles.rgbImage(2, 3, rgb(2)));

    List<Sample> samples = TestFiles.readAll(Datasets.open(dir, DatasetOptions.defaults()));

    // sorted(os.walk): "cls" before "cls/sub"
    assertEquals(2, samples.size());
    assertArrayEquals(rgb(2), samples.get(0).pixels());
    assertArrayEquals(rgb(1), samples.get(1).pixels());
  }

  @Test
  void greyImagesAreReplicatedAndRgbImagesMadeGrey() {
    byte[] grey = {0, 10, (byte) 200, (byte) 255, 77, (byte) 128};
    TestFiles.writePng(dir.resolve("g/grey.png"), TestFiles.greyImage(2, 3, grey));
    byte[] colour = new byte[18];
    colour[0] = (byte) 255; // red at (0, 0)
    colour[6 + 1] = (byte) 255; // green at (0, 1)
    colour[12 + 2] = (byte) 255; // blue at (0, 2)
    TestFiles.writePng(dir.resolve("h/rgb.png"), TestFiles.rgbImage(2, 3, colour));

    List<Sample> asRgb = TestFiles.readAll(Datasets.open(dir, DatasetOptions.defaults()));
    List<Sample> asGrey = TestFiles.readAll(Datasets.open(dir,
        DatasetOptions.defaults().withChannels(1)));

    byte[] replicated = new byte[18];
    for (int c = 0; c < 3; c++) {
      System.arraycopy(grey, 0, replicated, 6 * c, 6);
    }
    assertArrayEquals(replicated, asRgb.get(0).pixels());
    assertArrayEquals(grey, asGrey.get(0).pixels());
    // Pillow luma of pure red, green, blue: 76, 150, 29
    assertArrayEquals(new int[] {76, 150, 29, 0, 0, 0}, TestFiles.unsigned(asGrey.get(1).pixels()));
  }

  @Test
  void resizeAndCentreCropMatchTheHandComputedValue() {
    // 2 rows × 4 columns, shorter side → 1, crop 1: see PixelTransformTest: value 30.
    byte[] grey = {70, 0, 0, 0, 0, 70, 0, 0};
    TestFiles.writePng(dir.resolve("c/x.png"), TestFiles.greyImage(2, 4, grey));

    ImageDataset ds = Datasets.open(dir, new DatasetOptions("test", 1, 1, 1));

    assertEquals(List.of(1, 1, 1), List.of(ds.channels(), ds.height(), ds.width()));
    assertArrayEquals(new int[] {30}, TestFiles.unsigned(TestFiles.readAll(ds).get(0).pixels()));
    assertTrue(ds.describe().contains("resized to shorter side 1"), ds.describe());
  }

  @Test
  void resizeAndCropGiveOneShapeToImagesOfManySizes() {
    TestFiles.writePng(dir.resolve("a/1.png"), TestFiles.rgbImage(5, 7, TestFiles.pillowFixture()));
    TestFiles.writePng(dir.resolve("a/2.png"), TestFiles.rgbImage(2, 3, rgb(1)));

    ImageDataset ds = Datasets.open(dir, DatasetOptions.defaults().withResize(8).withCrop(6));
    List<Sample> samples = TestFiles.readAll(ds);

    assertEquals(2, samples.size());
    assertEquals(108, samples.get(0).pixels().length);
    assertEquals(108, samples.get(1).pixels().length);
    // the first values of PixelTransformTest.upscaleAndCropMatchPillow (Pillow 9.4)
    assertArrayEquals(new int[] {86, 113, 140, 168, 124, 110},
        Arrays.copyOf(TestFiles.unsigned(samples.get(0).pixels()), 6));
  }

  @Test
  void imagesOfAnotherSizeWithoutResizeAreAnError() {
    TestFiles.writePng(dir.resolve("a/1.png"), TestFiles.rgbImage(2, 3, rgb(1)));
    Path odd = TestFiles.writePng(dir.resolve("a/2.png"),
        TestFiles.rgbImage(5, 7, TestFiles.pillowFixture()));
    ImageDataset ds = Datasets.open(dir, DatasetOptions.defaults());
    assertEquals(List.of(2, 3), List.of(ds.height(), ds.width()));

    DatasetException e = assertThrows(DatasetException.class, () -> TestFiles.readAll(ds));

    assertTrue(e.getMessage().startsWith(odd.toAbsolutePath() + ": image is 3×5×7 but the data"
        + " set's samples are 3×2×3"), e.getMessage());
  }

  @Test
  void aFolderOneLevelAboveTheClassesIsRefusedNamingTheRightOne() {
    TestFiles.writePng(dir.resolve("images/cat/1.png"), TestFiles.rgbImage(2, 3, rgb(1)));
    TestFiles.writePng(dir.resolve("images/dog/1.png"), TestFiles.rgbImage(2, 3, rgb(2)));

    DatasetException e = assertThrows(DatasetException.class,
        () -> Datasets.open(dir, DatasetOptions.defaults()));
    assertTrue(e.getMessage().contains("'images' holds 2 folders of images")
        && e.getMessage().contains("give --data " + dir.resolve("images")), e.getMessage());
    assertEquals(2, Datasets.open(dir.resolve("images"), DatasetOptions.defaults()).numClasses());
  }

  @Test
  void splitSubFoldersArePicked() {
    TestFiles.writePng(dir.resolve("train/a/1.png"), TestFiles.rgbImage(2, 3, rgb(1)));
    TestFiles.writePng(dir.resolve("train/b/1.png"), TestFiles.rgbImage(2, 3, rgb(2)));
    TestFiles.writePng(dir.resolve("val/b/1.png"), TestFiles.rgbImage(2, 3, rgb(3)));

    ImageDataset train = Datasets.open(dir, DatasetOptions.defaults().withSplit("train"));
    ImageDataset test = Datasets.open(dir, DatasetOptions.defaults());

    assertEquals(2, train.size());
    assertEquals(1, test.size()); // val/ stands in for test/
    assertArrayEquals(rgb(3), TestFiles.readAll(test).get(0).pixels());
  }

  @Test
  void missingSplitSubFolderIsAnError() {
    TestFiles.writePng(dir.resolve("train/a/1.png"), TestFiles.rgbImage(2, 3, rgb(1)));

    DatasetException e = assertThrows(DatasetException.class,
        () -> Datasets.open(dir, DatasetOptions.defaults()));

    assertTrue(e.getMessage().startsWith(dir.toAbsolutePath() + ": has split sub-folders"),
        e.getMessage());
  }

  @Test
  void unrecognisableImageIsNamed() {
    TestFiles.writePng(dir.resolve("a/1.png"), TestFiles.rgbImage(2, 3, rgb(1)));
    Path garbage = TestFiles.write(dir.resolve("a/2.jpg"), "not an image".getBytes(
        java.nio.charset.StandardCharsets.US_ASCII));
    ImageDataset ds = Datasets.open(dir, DatasetOptions.defaults());

    try (SampleStream stream = ds.open()) {
      stream.next();
      DatasetException e = assertThrows(DatasetException.class, stream::next);
      assertTrue(e.getMessage().startsWith(garbage.toAbsolutePath() + ": not a readable"),
          e.getMessage());
    }
  }

  @Test
  void truncatedImageIsNamed() throws IOException {
    Path good = TestFiles.writePng(dir.resolve("a/1.png"),
        TestFiles.rgbImage(5, 7, TestFiles.pillowFixture()));
    byte[] png = Files.readAllBytes(good);
    Path cut = TestFiles.write(dir.resolve("a/2.png"), Arrays.copyOf(png, png.length - 30));
    ImageDataset ds = Datasets.open(dir, DatasetOptions.defaults());

    DatasetException e = assertThrows(DatasetException.class, () -> TestFiles.readAll(ds));

    assertTrue(e.getMessage().startsWith(cut.toAbsolutePath() + ": corrupt or unreadable image"),
        e.getMessage());
  }

  @Test
  void viewsDecodeOnlyTheSelectedImages() {
    TestFiles.writePng(dir.resolve("a/1.png"), TestFiles.rgbImage(2, 3, rgb(1)));
    TestFiles.writePng(dir.resolve("a/2.png"), TestFiles.rgbImage(2, 3, rgb(2)));
    TestFiles.write(dir.resolve("a/3.png"), new byte[] {1, 2, 3}); // never selected below
    ImageDataset ds = Datasets.open(dir, DatasetOptions.defaults());

    List<Sample> first = TestFiles.readAll(Datasets.limit(ds, 2));
    List<Sample> one = TestFiles.readAll(Datasets.subset(Datasets.limit(ds, 2), 1, 5));

    assertEquals(2, first.size());
    assertArrayEquals(rgb(2), first.get(1).pixels());
    assertEquals(1, one.size());
    assertTrue(one.get(0).index() < 2);
  }

  @Test
  void emptyFolderIsAnError() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));

    DatasetException e = assertThrows(DatasetException.class,
        () -> Datasets.open(empty, DatasetOptions.defaults()));

    assertEquals(empty.toAbsolutePath() + ": empty folder", e.getMessage());
  }

  @Test
  void folderWithoutImagesIsAnError() throws IOException {
    Files.createDirectories(dir.resolve("a"));
    TestFiles.write(dir.resolve("b/readme.txt"), new byte[1]);

    DatasetException e = assertThrows(DatasetException.class,
        () -> Datasets.open(dir, DatasetOptions.defaults()));

    assertTrue(e.getMessage().startsWith(dir.toAbsolutePath() + ": no JPEG/PNG images under it"),
        e.getMessage());
  }

  @Test
  void folderWithoutClassFoldersIsAnError() {
    TestFiles.writePng(dir.resolve("1.png"), TestFiles.rgbImage(2, 3, rgb(1)));

    DatasetException e = assertThrows(DatasetException.class,
        () -> Datasets.open(dir, DatasetOptions.defaults()));

    assertTrue(e.getMessage().startsWith(dir.toAbsolutePath() + ": no class sub-folders"),
        e.getMessage());
  }
}
