package io.deepsnn.network.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deepsnn.network.graph.Add;
import io.deepsnn.network.graph.Conv2d;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.graph.Shape;
import io.deepsnn.network.snn.SpikingNetwork;
import org.junit.jupiter.api.Test;

/** ResNet-34 (21 million weights: a long test). */
class ArchitecturesIT {
  @Test
  void resnet34HasTheStemAndThreeFourSixThreeBlocks() {
    Graph g = Architectures.resnet34(1);
    assertEquals(3 + 2 * (3 + 4 + 6 + 3), ArchitecturesTest.count(g, Conv2d.class));
    assertEquals(16, ArchitecturesTest.count(g, Add.class));
    assertEquals(Shape.of(3, 224, 224), g.inputShape());
    assertEquals(Shape.flat(1000), g.outputShape());
    SpikingNetwork net = SpikingNetwork.compile(g);
    assertArrayEquals(new int[] {64, 112, 112}, shape(net.layer(1).shape()));
    assertArrayEquals(new int[] {64, 56, 56}, shape(net.layer(3).shape()));
    assertEquals(1 + 3 + 32 + 1, net.size());
  }

  private static int[] shape(Shape s) {
    return new int[] {s.channels(), s.height(), s.width()};
  }
}
