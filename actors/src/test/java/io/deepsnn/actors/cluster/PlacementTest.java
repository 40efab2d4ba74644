package io.deepsnn.actors.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.actors.topology.Tiling;
import io.deepsnn.actors.topology.TopologyPlan;
import io.deepsnn.network.snn.SpikingLayer;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.testing.RandomGraphs;
import java.util.function.ToLongFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Placements: {@code layers} and {@code work} give each node a run of consecutive tiles holding
 * its share of the neurons, or of the MACs, to within one tile; round-robin deals tiles out.
 */
class PlacementTest {
  @ParameterizedTest(name = "{0} graph, {1} tiles per layer, {2} nodes")
  @CsvSource({"vgg, 1, 2", "vgg, 3, 3", "resnet, 2, 2", "resnet, 4, 3"})
  void consecutivePlacementsShareTheirMeasureEvenlyToWithinOneTile(String arch, int tiles, int nodes) {
    SpikingNetwork net = SpikingNetwork.compile(arch.equals("vgg") ? RandomGraphs.vgg(3) : RandomGraphs.resnet(3));
    TopologyPlan plan = new TopologyPlan(net, Tiling.count(tiles));
    assertEvenConsecutive(plan, nodes, Placement.LAYERS, t -> rows(plan, t) * net.layer(t.layer()).shape().width()
        * net.layer(t.layer()).shape().channels());
    assertEvenConsecutive(plan, nodes, Placement.WORK, t -> {
      SpikingLayer l = net.layer(t.layer());
      long macs = l.projections().isEmpty() ? l.neurons() : l.macs();
      return Math.max(1, macs * rows(plan, t) / l.shape().height());
    });
  }

  private static long rows(TopologyPlan plan, TopologyPlan.Tile t) {
    return t.rowTo() - t.rowFrom();
  }

  /** Node ids never go back along the plan, and each node's load is total/n to within the largest tile. */
  private static void assertEvenConsecutive(TopologyPlan plan, int nodes, Placement placement,
                                            ToLongFunction<TopologyPlan.Tile> weight) {
    int[] node = placement.assign(plan, nodes);
    long[] load = new long[nodes];
    long total = 0;
    long largest = 0;
    int previous = 0;
    for (TopologyPlan.Tile t : plan.tiles()) {
      assertTrue(node[t.id()] >= previous, placement + ": tile " + t.name() + " goes back to node " + node[t.id()]);
      previous = node[t.id()];
      long w = weight.applyAsLong(t);
      load[node[t.id()]] += w;
      total += w;
      largest = Math.max(largest, w);
    }
    for (int n = 0; n < nodes; n++) {
      assertTrue(Math.abs(load[n] - (double) total / nodes) <= largest, placement + ": node " + n + " holds "
          + load[n] + " of " + total + " (largest tile " + largest + ")");
    }
  }

  @Test
  void workAndNeuronsCutAVggDifferently() {
    // Early layers: many neurons, few MACs each; so 'work' gives the first node more layers.
    SpikingNetwork net = SpikingNetwork.compile(RandomGraphs.vgg(3));
    TopologyPlan plan = new TopologyPlan(net, Tiling.count(1));
    int[] byNeurons = Placement.LAYERS.assign(plan, 2);
    int[] byWork = Placement.WORK.assign(plan, 2);
    assertTrue(firstOn(byWork, 1) > firstOn(byNeurons, 1), "layers " + java.util.Arrays.toString(byNeurons)
        + ", work " + java.util.Arrays.toString(byWork));
  }

  private static int firstOn(int[] node, int n) {
    for (int k = 0; k < node.length; k++) {
      if (node[k] == n) {
        return k;
      }
    }
    return node.length;
  }

  @Test
  void roundRobinDealsTilesOutAndNamesAreParsed() {
    TopologyPlan plan = new TopologyPlan(SpikingNetwork.compile(RandomGraphs.vgg(3)), Tiling.count(2));
    int[] node = Placement.ROUND_ROBIN.assign(plan, 3);
    for (int k = 0; k < node.length; k++) {
      assertEquals(k % 3, node[k]);
    }
    assertEquals(Placement.WORK, Placement.parse("WORK"));
    assertEquals("round-robin", Placement.parse("round-robin").label());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Placement.parse("random"));
    assertTrue(e.getMessage().contains("'layers', 'work' or 'round-robin'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Placement.LAYERS.assign(plan, 0));
  }
}
