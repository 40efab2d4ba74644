package io.deepsnn.runner.bench;

import io.deepsnn.network.arch.Architectures;
import io.deepsnn.network.data.Normalization;
import io.deepsnn.network.graph.Graph;

/**
 * The soak's random-weight graphs: the same on every node, since each builds it from the
 * architecture's name and this seed ({@code snn soak} and {@code snn node --arch}).
 */
public final class SoakGraph {
  /** The seed of the soak's random weights. */
  public static final long SEED = 1;

  private SoakGraph() {
  }

  /** The graph of architecture {@code arch} (vgg16, resnet20, resnet34). */
  public static Graph of(String arch) {
    return Architectures.byName(arch, SEED);
  }

  /** Its input normalisation: ImageNet's for 224-pixel inputs, CIFAR-10's otherwise. */
  public static Normalization normalization(Graph g) {
    return g.inputShape().height() > 64
        ? Normalization.parse("0.485,0.456,0.406", "0.229,0.224,0.225")
        : Normalization.parse("0.4914,0.4822,0.4465", "0.2470,0.2435,0.2616");
  }
}
