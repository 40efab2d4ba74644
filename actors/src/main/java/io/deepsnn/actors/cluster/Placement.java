package io.deepsnn.actors.cluster;

import io.deepsnn.actors.topology.TopologyPlan;
import java.util.List;
import java.util.Locale;

/**
 * Which node hosts which tile. Pure computation: the same plan and node count give the same
 * placement on every node. Results never depend on it (lockstep is bit-identical for any
 * placement); traffic between nodes does.
 */
public enum Placement {
  /**
   * Consecutive tiles (in layer order) on the same node, cut where the neurons are split evenly:
   * a pipeline across nodes, with spikes crossing between nodes only at the cuts.
   */
  LAYERS,
  /**
   * Consecutive tiles as {@link #LAYERS}, cut where the synaptic work — each tile's share of its
   * layer's MACs, the static proxy of the ACs it will do — is split evenly: in a VGG the early
   * layers hold most neurons but about as many MACs as the later ones, so this balances compute
   * where {@code layers} balances membrane state.
   */
  WORK,
  /** Tile k on node k mod n: most edges cross nodes (a stress test of the wire). */
  ROUND_ROBIN;

  /** Parses {@code layers}, {@code work} or {@code round-robin}. */
  public static Placement parse(String s) {
    for (Placement p : values()) {
      if (p.label().equals(s.toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException("placement must be 'layers', 'work' or 'round-robin', got '" + s + "'");
  }

  /** The name in configs and on the command line. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The node (0 to {@code nodes - 1}) of every tile, by tile id. */
  public int[] assign(TopologyPlan plan, int nodes) {
    if (nodes < 1) {
      throw new IllegalArgumentException("nodes must be at least 1, got " + nodes);
    }
    List<TopologyPlan.Tile> tiles = plan.tiles();
    int[] node = new int[tiles.size()];
    if (this == ROUND_ROBIN) {
      for (int k = 0; k < node.length; k++) {
        node[k] = k % nodes;
      }
      return node;
    }
    long[] weight = new long[tiles.size()];
    long total = 0;
    for (TopologyPlan.Tile t : tiles) {
      weight[t.id()] = this == WORK ? work(plan, t) : neurons(plan, t);
      total += weight[t.id()];
    }
    long before = 0;
    for (TopologyPlan.Tile t : tiles) {
      // The node whose share of the weight this tile's middle falls in.
      long middle = before + weight[t.id()] / 2;
      node[t.id()] = (int) Math.min(nodes - 1, middle * nodes / Math.max(1, total));
      before += weight[t.id()];
    }
    return node;
  }

  private static long neurons(TopologyPlan plan, TopologyPlan.Tile t) {
    var shape = plan.network().layer(t.layer()).shape();
    return (long) (t.rowTo() - t.rowFrom()) * shape.width() * shape.channels();
  }

  /** The tile's rows' share of its layer's MACs per image (the input layer: its neurons, a small weight). */
  private static long work(TopologyPlan plan, TopologyPlan.Tile t) {
    var layer = plan.network().layer(t.layer());
    long macs = layer.projections().isEmpty() ? layer.neurons() : layer.macs();
    return Math.max(1, macs * (t.rowTo() - t.rowFrom()) / layer.shape().height());
  }
}
