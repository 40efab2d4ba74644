package io.deepsnn.network.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.network.graph.Add;
import io.deepsnn.network.graph.Conv2d;
import io.deepsnn.network.graph.Dense;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.graph.Shape;
import io.deepsnn.network.graph.ZeroPadShortcut;
import io.deepsnn.network.snn.SpikingLayer;
import io.deepsnn.network.snn.SpikingNetwork;
import org.junit.jupiter.api.Test;

/** The paper's architectures have the layers, shapes and costs they should. */
class ArchitecturesTest {
  static long count(Graph g, Class<?> op) {
    return g.nodes().stream().filter(n -> op.isInstance(n.op())).count();
  }

  @Test
  void vgg16HasThirteenConvsAndThreeFullyConnectedLayers() {
    Graph g = Architectures.vgg16(32, 10, 1);
    assertEquals(13, count(g, Conv2d.class));
    assertEquals(3, count(g, Dense.class));
    assertEquals(Shape.flat(10), g.outputShape());
    // Conv MACs by hand: Σ C_out·H·W·C_in·9 over the five blocks at 32, 16, 8, 4, 2 pixels.
    long conv = 64L * 32 * 32 * 3 * 9 + 64L * 32 * 32 * 64 * 9
        + 128L * 16 * 16 * 64 * 9 + 128L * 16 * 16 * 128 * 9
        + 256L * 8 * 8 * 128 * 9 + 2 * 256L * 8 * 8 * 256 * 9
        + 512L * 4 * 4 * 256 * 9 + 2 * 512L * 4 * 4 * 512 * 9
        + 3 * 512L * 2 * 2 * 512 * 9;
    long fc = 512L * 4096 + 4096L * 4096 + 4096L * 10;
    assertEquals(conv + fc, g.totalMacs());
  }

  @Test
  void resnet20HasTwoPlainLayersAndNineBlocksWithJunctionReLUs() {
    Graph g = Architectures.resnet20(1);
    assertEquals(2 + 18, count(g, Conv2d.class));
    assertEquals(9, count(g, Add.class));
    assertEquals(2, count(g, ZeroPadShortcut.class));
    SpikingNetwork net = SpikingNetwork.compile(g);
    assertEquals(9, net.layers().stream().filter(SpikingLayer::isJunction).count());
    assertEquals(18, net.layers().stream().filter(SpikingLayer::residual).count());
    assertTrue(!net.layer(1).residual() && !net.layer(2).residual(), "the pre-processing layers are plain");
  }

}
