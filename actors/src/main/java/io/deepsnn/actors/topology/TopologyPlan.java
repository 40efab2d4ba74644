package io.deepsnn.actors.topology;

import io.deepsnn.network.snn.Projection;
import io.deepsnn.network.snn.SpikingLayer;
import io.deepsnn.network.snn.SpikingNetwork;
import java.util.ArrayList;
import java.util.List;

/**
 * Which actors the runtime needs and who sends spikes to whom: every layer cut into row tiles
 * (layer 0, the input, too), and an edge from a source tile to a target tile wherever the source
 * tile's rows intersect the receptive field of the target tile through one of the target layer's
 * projections. Pure computation: no actors here.
 */
public final class TopologyPlan {
  /** One tile: rows {@code [rowFrom, rowTo)} of a layer. */
  public record Tile(int id, int layer, int index, int rowFrom, int rowTo) {
    /** A readable name, e.g. {@code L3.t1}. */
    public String name() {
      return "L" + layer + ".t" + index;
    }
  }

  /**
   * An edge: spikes of {@code from} whose rows lie in {@code [srcRowFrom, srcRowTo)} go to {@code to},
   * which integrates them through projection {@code projection} of its layer.
   */
  public record Edge(int id, int from, int to, int projection, int srcRowFrom, int srcRowTo) {
  }

  private final SpikingNetwork network;
  private final List<Tile> tiles = new ArrayList<>();
  private final List<List<Tile>> tilesOfLayer = new ArrayList<>();
  private final List<Edge> edges = new ArrayList<>();
  private final List<List<Edge>> inbound = new ArrayList<>();
  private final List<List<Edge>> outbound = new ArrayList<>();

  private final int lastLayer;
  private final boolean probe;

  /** Plans {@code network} cut by {@code tiling}. */
  public TopologyPlan(SpikingNetwork network, Tiling tiling) {
    this(network, tiling, network.outputIndex(), false);
  }

  /**
   * Plans layers {@code 0..lastLayer} of {@code network} only: the prefix Spike-Norm runs while it
   * calibrates layer {@code lastLayer} (whose tiles are then probes: they integrate, never fire).
   */
  public TopologyPlan(SpikingNetwork network, Tiling tiling, int lastLayer) {
    this(network, tiling, lastLayer, true);
  }

  private TopologyPlan(SpikingNetwork network, Tiling tiling, int lastLayer, boolean probe) {
    if (lastLayer < 1 || lastLayer > network.outputIndex()) {
      throw new IllegalArgumentException("no layer " + lastLayer);
    }
    this.network = network;
    this.lastLayer = lastLayer;
    this.probe = probe;
    for (SpikingLayer layer : network.layers().subList(0, lastLayer + 1)) {
      List<Tile> own = new ArrayList<>();
      int rowNeurons = layer.shape().width() * layer.shape().channels();
      int[] b = tiling.rowBounds(layer.shape().height(), rowNeurons);
      for (int k = 0; k + 1 < b.length; k++) {
        Tile t = new Tile(tiles.size(), layer.index(), k, b[k], b[k + 1]);
        tiles.add(t);
        own.add(t);
        inbound.add(new ArrayList<>());
        outbound.add(new ArrayList<>());
      }
      tilesOfLayer.add(own);
    }
    for (SpikingLayer layer : network.layers().subList(0, lastLayer + 1)) {
      for (int p = 0; p < layer.projections().size(); p++) {
        Projection proj = layer.projections().get(p);
        for (Tile target : tilesOfLayer.get(layer.index())) {
          int[] rows = proj.sourceRows(target.rowFrom(), target.rowTo());
          for (Tile source : tilesOfLayer.get(proj.source())) {
            int lo = Math.max(rows[0], source.rowFrom());
            int hi = Math.min(rows[1], source.rowTo());
            if (lo < hi) {
              Edge e = new Edge(edges.size(), source.id(), target.id(), p, lo, hi);
              edges.add(e);
              inbound.get(target.id()).add(e);
              outbound.get(source.id()).add(e);
            }
          }
        }
      }
    }
  }

  /** The network planned. */
  public SpikingNetwork network() {
    return network;
  }

  /** All tiles, by id. */
  public List<Tile> tiles() {
    return tiles;
  }

  /** Tiles of layer {@code l}. */
  public List<Tile> tilesOf(int l) {
    return tilesOfLayer.get(l);
  }

  /** All edges, by id. */
  public List<Edge> edges() {
    return edges;
  }

  /** Edges into tile {@code id}. */
  public List<Edge> inbound(int id) {
    return inbound.get(id);
  }

  /** Edges out of tile {@code id}. */
  public List<Edge> outbound(int id) {
    return outbound.get(id);
  }

  /** The tile of the output layer (always one: the output layer is flat). */
  public Tile outputTile() {
    return tilesOfLayer.get(network.outputIndex()).get(0);
  }

  /** The last layer planned: the output, or the probe layer of a Spike-Norm prefix. */
  public int lastLayer() {
    return lastLayer;
  }

  /** True for a Spike-Norm prefix: its last layer is a probe that integrates and never fires. */
  public boolean isProbe() {
    return probe;
  }
}
