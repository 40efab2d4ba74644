package io.deepsnn.network.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The file list of an image folder in torchvision's {@code ImageFolder} layout, in the order
 * torchvision gives: one class per sub-folder, classes sorted by name, label = position; within
 * a class, folders in the order of {@code sorted(os.walk(...))} (nested folders are searched, as
 * torchvision does) and files sorted by name. Only file names are kept, grouped by folder, so
 * even ImageNet's 1.3 million images cost tens of megabytes, and no image is opened.
 *
 * <p>Names are compared as Java strings (UTF-16 units), which equals Python's code-point order
 * except for characters outside the Basic Multilingual Plane.
 */
final class ImageFolderIndex {

  private static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png");

  private final List<String> classNames;
  /** One entry per folder that holds images, in image order. */
  private final Path[] folders;
  private final int[] labels;
  private final String[][] names;
  /** {@code starts[i]} is the index of folder i's first image; one extra entry at the end. */
  private final int[] starts;

  private ImageFolderIndex(List<String> classNames, List<Group> groups) {
    this.classNames = List.copyOf(classNames);
    this.folders = new Path[groups.size()];
    this.labels = new int[groups.size()];
    this.names = new String[groups.size()][];
    this.starts = new int[groups.size() + 1];
    for (int i = 0; i < groups.size(); i++) {
      Group g = groups.get(i);
      folders[i] = g.folder;
      labels[i] = g.label;
      names[i] = g.names;
      long end = (long) starts[i] + g.names.length;
      if (end > Integer.MAX_VALUE) {
        throw new DatasetException(g.folder, "too many images for one data set");
      }
      starts[i + 1] = (int) end;
    }
  }

  /** The images of one folder. */
  private record Group(Path folder, int label, String[] names) {}

  /**
   * Lists a folder.
   *
   * @throws DatasetException if it has no class sub-folders or no images at all
   */
  static ImageFolderIndex scan(Path root) {
    List<Path> classDirs;
    try (Stream<Path> entries = Files.list(root)) {
      classDirs = entries.filter(Files::isDirectory)
          .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
    } catch (IOException e) {
      throw new DatasetException(root, "cannot list: " + e.getMessage(), e);
    }
    if (classDirs.isEmpty()) {
      throw new DatasetException(root, "no class sub-folders (an image folder needs one"
          + " sub-folder of JPEG/PNG images per class)");
    }
    if (classDirs.size() == 1) {
      refuseOneLevelTooHigh(root, classDirs.get(0));
    }
    List<String> classNames = new ArrayList<>();
    List<Group> groups = new ArrayList<>();
    for (Path classDir : classDirs) {
      int label = classNames.size();
      classNames.add(classDir.getFileName().toString());
      List<Path> folders = new ArrayList<>();
      collectFolders(classDir, folders, new HashSet<>());
      // os.walk yields (root, dirs, files); sorted() orders them by the root path string.
      folders.sort(Comparator.comparing(Path::toString));
      for (Path folder : folders) {
        String[] images = imagesIn(folder);
        if (images.length > 0) {
          groups.add(new Group(folder, label, images));
        }
      }
    }
    ImageFolderIndex index = new ImageFolderIndex(classNames, groups);
    if (index.size() == 0) {
      throw new DatasetException(root, "no JPEG/PNG images under it (looked in "
          + classDirs.size() + " class sub-folders for *.jpg, *.jpeg, *.png)");
    }
    return index;
  }

  /**
   * One class folder holding no images of its own but several folders of images is almost
   * certainly the data set one level too high (e.g. {@code data/} over {@code data/train/<class>}):
   * read as it is, every image would be class 0 and the accuracy meaningless.
   */
  private static void refuseOneLevelTooHigh(Path root, Path only) {
    if (imagesIn(only).length > 0) {
      return;
    }
    long withImages;
    try (Stream<Path> entries = Files.list(only)) {
      withImages = entries.filter(Files::isDirectory).filter(d -> imagesIn(d).length > 0).count();
    } catch (IOException e) {
      throw new DatasetException(only, "cannot list: " + e.getMessage(), e);
    }
    if (withImages >= 2) {
      throw new DatasetException(root, "its only class sub-folder '" + only.getFileName() + "' holds " + withImages
          + " folders of images: the classes are one level down; give --data " + only);
    }
  }

  /** The folder and all folders below it, following links but never the same folder twice. */
  private static void collectFolders(Path dir, List<Path> out, Set<Path> seen) {
    try {
      if (!seen.add(dir.toRealPath())) {
        return;
      }
    } catch (IOException e) {
      throw new DatasetException(dir, "cannot resolve: " + e.getMessage(), e);
    }
    out.add(dir);
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path sub : entries.filter(Files::isDirectory).toList()) {
        collectFolders(sub, out, seen);
      }
    } catch (IOException e) {
      throw new DatasetException(dir, "cannot list: " + e.getMessage(), e);
    }
  }

  /** The names of the image files in one folder (not below it), sorted. */
  private static String[] imagesIn(Path folder) {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.filter(p -> !Files.isDirectory(p))
          .map(p -> p.getFileName().toString())
          .filter(ImageFolderIndex::isImageName)
          .sorted()
          .toArray(String[]::new);
    } catch (IOException e) {
      throw new DatasetException(folder, "cannot list: " + e.getMessage(), e);
    }
  }

  /** Whether a file name has an image extension (case-insensitive, as torchvision). */
  static boolean isImageName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return EXTENSIONS.stream().anyMatch(lower::endsWith);
  }

  /** The class names, sorted; label = position. */
  List<String> classNames() {
    return classNames;
  }

  /** The number of images. */
  int size() {
    return starts[folders.length];
  }

  /** The file of an image. */
  Path path(int index) {
    int g = group(index);
    return folders[g].resolve(names[g][index - starts[g]]);
  }

  /** The label of an image. */
  int label(int index) {
    return labels[group(index)];
  }

  private int group(int index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException(index);
    }
    // starts is strictly increasing since only folders with images are kept, so an exact hit
    // is the group starting there, and otherwise it is the one before the insertion point.
    int at = Arrays.binarySearch(starts, index);
    return at >= 0 ? at : -at - 2;
  }
}
