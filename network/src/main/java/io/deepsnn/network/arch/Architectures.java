package io.deepsnn.network.arch;

import io.deepsnn.network.graph.Add;
import io.deepsnn.network.graph.AvgPool;
import io.deepsnn.network.graph.Conv2d;
import io.deepsnn.network.graph.Dense;
import io.deepsnn.network.graph.Flatten;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.graph.GraphBuilder;
import io.deepsnn.network.graph.Padding;
import io.deepsnn.network.graph.Relu;
import io.deepsnn.network.graph.Shape;
import io.deepsnn.network.graph.ZeroPadShortcut;
import java.util.Random;

/**
 * The paper's architectures as graphs with seeded random He-initialised bias-free weights, for
 * benchmarks and soak runs: VGG-16 and ResNet-20 for 32×32 inputs, ResNet-34 for 224×224 with the
 * paper's stem (three 3×3 convs, the first two plain). Every residual junction has its ReLU;
 * shortcuts are type A (subsample + zero channels).
 */
public final class Architectures {
  private Architectures() {
  }

  /** Names accepted by {@link #byName}. */
  public static final String[] NAMES = {"vgg16", "resnet20", "resnet34"};

  /** An architecture by name: {@code vgg16}, {@code resnet20} or {@code resnet34}. */
  public static Graph byName(String name, long seed) {
    return switch (name.toLowerCase()) {
      case "vgg16" -> vgg16(32, 10, seed);
      case "resnet20" -> resnet20(seed);
      case "resnet34" -> resnet34(seed);
      default -> throw new IllegalArgumentException("unknown architecture '" + name + "' (vgg16, resnet20, resnet34)");
    };
  }

  /**
   * VGG-16: 13 3×3 convs in five blocks (64, 128, 256, 512, 512 channels) each closed by a 2×2
   * average pool, then fully connected 4096, 4096 and the classifier.
   */
  public static Graph vgg16(int inputSize, int classes, long seed) {
    Random rnd = new Random(seed);
    GraphBuilder b = new GraphBuilder("input", Shape.of(3, inputSize, inputSize));
    int[][] blocks = {{64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}};
    int x = 0;
    int n = 1;
    for (int[] block : blocks) {
      for (int channels : block) {
        x = convRelu(b, rnd, "conv" + n++, channels, 3, 1, x);
      }
      x = b.add("pool" + (n - 1), new AvgPool(2, 2, 2, 2, Padding.NONE, false), x);
    }
    x = b.add("flatten", new Flatten(), x);
    x = b.add("fc1", dense(rnd, 4096, b.shape(x).channels()), x);
    x = b.add("fc1_relu", new Relu(), x);
    x = b.add("fc2", dense(rnd, 4096, 4096), x);
    x = b.add("fc2_relu", new Relu(), x);
    x = b.add("fc3", dense(rnd, classes, 4096), x);
    return b.build(x);
  }

  /** ResNet-20 for CIFAR: two plain 3×3 pre-processing convs, 3 stages × 3 basic blocks (16, 32, 64). */
  public static Graph resnet20(long seed) {
    Random rnd = new Random(seed);
    GraphBuilder b = new GraphBuilder("input", Shape.of(3, 32, 32));
    int x = convRelu(b, rnd, "pre1", 16, 3, 1, 0);
    x = convRelu(b, rnd, "pre2", 16, 3, 1, x);
    int[] widths = {16, 32, 64};
    for (int s = 0; s < widths.length; s++) {
      for (int k = 0; k < 3; k++) {
        x = basicBlock(b, rnd, "s" + (s + 1) + "b" + (k + 1), widths[s], s > 0 && k == 0 ? 2 : 1, x);
      }
    }
    return head(b, rnd, x, 10);
  }

  /**
   * ResNet-34 for 224×224 ImageNet, with the paper's stem of three 3×3 convs (64 channels; the
   * first and the third with stride 2, so 224 → 112 → 56 as the 7×7 conv and pool of the original;
   * the first two plain pre-processing layers), then 3, 4, 6, 3 basic blocks of 64, 128, 256, 512
   * channels. No pool in the stem: the first block's identity path must carry spikes, not pooled
   * averages.
   */
  public static Graph resnet34(long seed) {
    Random rnd = new Random(seed);
    GraphBuilder b = new GraphBuilder("input", Shape.of(3, 224, 224));
    int x = convRelu(b, rnd, "stem1", 64, 3, 2, 0);
    x = convRelu(b, rnd, "stem2", 64, 3, 1, x);
    x = convRelu(b, rnd, "stem3", 64, 3, 2, x);
    int[] widths = {64, 128, 256, 512};
    int[] depth = {3, 4, 6, 3};
    for (int s = 0; s < widths.length; s++) {
      for (int k = 0; k < depth[s]; k++) {
        x = basicBlock(b, rnd, "s" + (s + 1) + "b" + (k + 1), widths[s], s > 0 && k == 0 ? 2 : 1, x);
      }
    }
    return head(b, rnd, x, 1000);
  }

  private static int basicBlock(GraphBuilder b, Random rnd, String name, int width, int stride, int x) {
    int in = b.shape(x).channels();
    int y = convRelu(b, rnd, name + "_conv1", width, 3, stride, x);
    y = b.add(name + "_conv2", conv(rnd, width, width, 3, 1), y);
    int shortcut = x;
    if (stride != 1 || in != width) {
      shortcut = b.add(name + "_shortcut", new ZeroPadShortcut(stride, stride, 0, width - in), x);
    }
    int sum = b.add(name + "_add", new Add(), y, shortcut);
    return b.add(name + "_relu", new Relu(), sum);
  }

  private static Graph head(GraphBuilder b, Random rnd, int x, int classes) {
    Shape s = b.shape(x);
    x = b.add("gap", AvgPool.global(s.height(), s.width()), x);
    x = b.add("flatten", new Flatten(), x);
    x = b.add("fc", dense(rnd, classes, b.shape(x).channels()), x);
    return b.build(x);
  }

  private static int convRelu(GraphBuilder b, Random rnd, String name, int out, int k, int stride, int x) {
    int y = b.add(name, conv(rnd, out, b.shape(x).channels(), k, stride), x);
    return b.add(name + "_relu", new Relu(), y);
  }

  private static Conv2d conv(Random rnd, int out, int in, int k, int stride) {
    return new Conv2d(out, in, k, k, stride, stride, Padding.uniform(k / 2), he(rnd, out * in * k * k, in * k * k));
  }

  private static Dense dense(Random rnd, int out, int in) {
    return new Dense(out, in, he(rnd, out * in, in));
  }

  /** He initialisation: normal with standard deviation sqrt(2 / fan-in). */
  private static float[] he(Random rnd, int count, int fanIn) {
    float[] w = new float[count];
    double std = Math.sqrt(2.0 / fanIn);
    for (int i = 0; i < count; i++) {
      w[i] = (float) (rnd.nextGaussian() * std);
    }
    return w;
  }
}
