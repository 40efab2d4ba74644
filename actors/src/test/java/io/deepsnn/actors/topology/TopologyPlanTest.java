package io.deepsnn.actors.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.network.snn.Projection;
import io.deepsnn.network.snn.SpikingLayer;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.testing.RandomGraphs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tiles cover every row once, and edges bring each tile exactly the source rows its receptive field needs. */
class TopologyPlanTest {
  @Test
  void rowBoundsSplitEvenlyAndRespectTheNeuronLimit() {
    assertArrayEquals(new int[] {0, 2, 5, 7, 10}, Tiling.count(4).rowBounds(10, 100));
    assertArrayEquals(new int[] {0, 1, 2, 3}, Tiling.count(7).rowBounds(3, 1), "never more tiles than rows");
    int[] b = Tiling.parse("max=250").rowBounds(10, 100);
    for (int k = 0; k + 1 < b.length; k++) {
      assertTrue((b[k + 1] - b[k]) * 100 <= 250, "tile " + k + " holds at most 250 neurons");
    }
    assertArrayEquals(new int[] {0, 1}, Tiling.count(5).rowBounds(1, 4096), "flat layers are not cut");
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void edgesCoverEachTilesReceptiveFieldExactly(long seed) {
    SpikingNetwork net = SpikingNetwork.compile(seed % 2 == 0 ? RandomGraphs.resnet(seed) : RandomGraphs.vgg(seed));
    TopologyPlan plan = new TopologyPlan(net, Tiling.count(3));
    for (SpikingLayer layer : net.layers()) {
      int covered = 0;
      for (TopologyPlan.Tile t : plan.tilesOf(layer.index())) {
        assertEquals(covered, t.rowFrom(), "tiles of a layer are contiguous");
        covered = t.rowTo();
        for (int p = 0; p < layer.projections().size(); p++) {
          Projection proj = layer.projections().get(p);
          int[] need = proj.sourceRows(t.rowFrom(), t.rowTo());
          boolean[] got = new boolean[proj.sourceShape().height()];
          for (TopologyPlan.Edge e : plan.inbound(t.id())) {
            if (e.projection() != p) {
              continue;
            }
            TopologyPlan.Tile from = plan.tiles().get(e.from());
            assertEquals(proj.source(), from.layer());
            assertTrue(e.srcRowFrom() >= from.rowFrom() && e.srcRowTo() <= from.rowTo(), "edge rows lie in its source");
            for (int y = e.srcRowFrom(); y < e.srcRowTo(); y++) {
              assertTrue(!got[y], "a source row arrives once");
              got[y] = true;
            }
          }
          for (int y = 0; y < got.length; y++) {
            assertEquals(y >= need[0] && y < need[1], got[y], "row " + y + " of the source of " + t.name());
          }
        }
      }
      assertEquals(layer.shape().height(), covered, "tiles cover the layer");
    }
  }
}
