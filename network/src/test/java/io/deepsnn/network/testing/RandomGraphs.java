package io.deepsnn.network.testing;

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
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.snn.Thresholds;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random bias-free graphs of the shapes the method deals with: VGG-like chains
 * (conv/pool/fully connected) and ResNet-like graphs with both shortcut types. Shared with the
 * tests of other modules through the test jar.
 */
public final class RandomGraphs {
  private RandomGraphs() {
  }

  /** He-style normal weights with standard deviation sqrt(2 / fanIn). */
  public static float[] heWeights(Random rnd, int count, int fanIn) {
    float[] w = new float[count];
    double std = Math.sqrt(2.0 / fanIn);
    for (int i = 0; i < count; i++) {
      w[i] = (float) (rnd.nextGaussian() * std);
    }
    return w;
  }

  /** A conv layer with He weights. */
  public static Conv2d conv(Random rnd, int out, int in, int k, int stride, Padding pad) {
    return new Conv2d(out, in, k, k, stride, stride, pad, heWeights(rnd, out * in * k * k, in * k * k));
  }

  /** A fully connected layer with He weights. */
  public static Dense dense(Random rnd, int out, int in) {
    return new Dense(out, in, heWeights(rnd, out * in, in));
  }

  /** A random VGG-like chain: conv blocks with optional pools, then one or two fully connected layers. */
  public static Graph vgg(long seed) {
    return vgg(seed, false);
  }

  /**
   * As {@link #vgg(long)} but every pool a max pool (gated in the SNN, SEMANTICS §7): 2×2/2, the
   * torchvision stem's overlapping 3×3/2 with padding 1, or 3×3/1 with padding 1.
   */
  public static Graph vggMaxPool(long seed) {
    return vgg(seed, true);
  }

  private static Graph vgg(long seed, boolean maxPools) {
    Random rnd = new Random(seed);
    int c = rnd.nextBoolean() ? 1 : 3;
    int hw = 8 + rnd.nextInt(9);
    GraphBuilder b = new GraphBuilder("input", Shape.of(c, hw, hw));
    int x = 0;
    int blocks = 1 + rnd.nextInt(3);
    for (int i = 0; i < blocks; i++) {
      Shape s = b.shape(x);
      int k = 1 + rnd.nextInt(3);
      int stride = s.height() >= 6 && rnd.nextInt(4) == 0 ? 2 : 1;
      int p = rnd.nextInt(k);
      Padding pad = rnd.nextInt(4) == 0 ? new Padding(p, rnd.nextInt(k), rnd.nextInt(k), p) : Padding.uniform(p);
      int out = 2 + rnd.nextInt(7);
      x = b.add("conv" + i, conv(rnd, out, s.channels(), k, stride, pad), x);
      x = b.add("relu" + i, new Relu(), x);
      s = b.shape(x);
      if (s.height() >= 4 && rnd.nextBoolean()) {
        x = b.add("pool" + i, maxPools ? randomMaxPool(rnd) : randomPool(rnd), x);
      }
    }
    x = b.add("flatten", new Flatten(), x);
    int features = b.shape(x).channels();
    if (rnd.nextBoolean()) {
      int hidden = 4 + rnd.nextInt(20);
      x = b.add("fc1", dense(rnd, hidden, features), x);
      x = b.add("fc1_relu", new Relu(), x);
      features = hidden;
    }
    x = b.add("fc_out", dense(rnd, 10, features), x);
    return b.build(x);
  }

  /**
   * A random ResNet-like graph: plain pre-processing convs, basic blocks whose junction (Add) is
   * followed by a ReLU, shortcuts that are the identity, type A (subsample + zero channels) or
   * type B (strided 1×1 conv), then a global average pool and a classifier.
   */
  public static Graph resnet(long seed) {
    Random rnd = new Random(seed);
    int hw = 8 + 2 * rnd.nextInt(5);
    GraphBuilder b = new GraphBuilder("input", Shape.of(3, hw, hw));
    int width = 4 + rnd.nextInt(4);
    int x = b.add("pre1", conv(rnd, width, 3, 3, 1, Padding.uniform(1)), 0);
    x = b.add("pre1_relu", new Relu(), x);
    if (rnd.nextBoolean()) {
      x = b.add("pre2", conv(rnd, width, width, 3, 1, Padding.uniform(1)), x);
      x = b.add("pre2_relu", new Relu(), x);
    }
    int blocks = 2 + rnd.nextInt(2);
    for (int i = 0; i < blocks; i++) {
      Shape s = b.shape(x);
      boolean down = i > 0 && s.height() >= 4 && rnd.nextBoolean();
      int out = down ? s.channels() * 2 : s.channels();
      int stride = down ? 2 : 1;
      int y = b.add("b" + i + "_conv1", conv(rnd, out, s.channels(), 3, stride, Padding.uniform(1)), x);
      y = b.add("b" + i + "_relu1", new Relu(), y);
      y = b.add("b" + i + "_conv2", conv(rnd, out, out, 3, 1, Padding.uniform(1)), y);
      int shortcut = x;
      if (down) {
        if (rnd.nextBoolean()) {
          int extra = out - s.channels();
          int before = rnd.nextBoolean() ? 0 : extra / 2;
          shortcut = b.add("b" + i + "_shortcutA", new ZeroPadShortcut(2, 2, before, extra - before), x);
        } else {
          shortcut = b.add("b" + i + "_shortcutB", conv(rnd, out, s.channels(), 1, 2, Padding.NONE), x);
        }
      }
      x = b.add("b" + i + "_add", new Add(), y, shortcut);
      x = b.add("b" + i + "_relu2", new Relu(), x);
    }
    Shape s = b.shape(x);
    x = b.add("gap", AvgPool.global(s.height(), s.width()), x);
    x = b.add("flatten", new Flatten(), x);
    x = b.add("fc", dense(rnd, 10, b.shape(x).channels()), x);
    return b.build(x);
  }

  private static io.deepsnn.network.graph.MaxPool randomMaxPool(Random rnd) {
    return switch (rnd.nextInt(3)) {
      case 0 -> new io.deepsnn.network.graph.MaxPool(2, 2, 2, 2, Padding.NONE);
      case 1 -> new io.deepsnn.network.graph.MaxPool(3, 3, 2, 2, Padding.uniform(1));
      default -> new io.deepsnn.network.graph.MaxPool(3, 3, 1, 1, Padding.uniform(1));
    };
  }

  private static AvgPool randomPool(Random rnd) {
    return switch (rnd.nextInt(3)) {
      case 0 -> new AvgPool(2, 2, 2, 2, Padding.NONE, false);
      case 1 -> new AvgPool(3, 3, 1, 1, Padding.uniform(1), rnd.nextBoolean());
      default -> new AvgPool(3, 3, 2, 2, Padding.uniform(1), rnd.nextBoolean());
    };
  }

  /**
   * {@code n} random normalised images for the spiking network (about a tenth of the values
   * exactly zero), with data-set indices from {@code firstIndex} and random labels.
   */
  public static List<SnnInput> images(Graph g, long seed, int n, long firstIndex) {
    Random rnd = new Random(seed);
    List<SnnInput> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = new double[g.inputShape().size()];
      for (int k = 0; k < x.length; k++) {
        x[k] = rnd.nextDouble() < 0.1 ? 0 : rnd.nextGaussian();
      }
      list.add(new SnnInput(firstIndex + i, rnd.nextInt(10), x));
    }
    return list;
  }

  /** Random thresholds in [0.3, 1.3), which keep random He-initialised graphs firing. */
  public static Thresholds thresholds(SpikingNetwork net, long seed) {
    Random rnd = new Random(seed);
    double[] th = new double[net.size()];
    for (int l = 1; l < th.length; l++) {
      th[l] = 0.3 + rnd.nextDouble();
    }
    return new Thresholds(th);
  }

  /** A random input image of the graph's shape, values roughly like normalised pixels. */
  public static float[] randomInput(Graph g, long seed) {
    Random rnd = new Random(seed);
    float[] x = new float[g.inputShape().size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (rnd.nextGaussian());
    }
    return x;
  }

  /**
   * {@code g} with a random bias (normal, σ = 0.1) on every conv and fully connected layer: the
   * biased networks of SEMANTICS §7.
   */
  public static Graph biased(Graph g, long seed) {
    Random rnd = new Random(seed * 7919 + 17);
    io.deepsnn.network.graph.Node in = g.input();
    GraphBuilder b = new GraphBuilder(in.name(), in.shape());
    for (io.deepsnn.network.graph.Node n : g.nodes().subList(1, g.size())) {
      io.deepsnn.network.graph.Op op = n.op();
      if (op instanceof Conv2d c) {
        op = c.with(c.weights(), gaussians(rnd, c.outChannels(), 0.1));
      } else if (op instanceof Dense d) {
        op = d.with(d.weights(), gaussians(rnd, d.outFeatures(), 0.1));
      }
      b.add(n.name(), op, n.inputs());
    }
    return b.build(g.output().id());
  }

  private static float[] gaussians(Random rnd, int n, double sigma) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (rnd.nextGaussian() * sigma);
    }
    return v;
  }
}
