package io.deepsnn.actors.cluster;

import io.deepsnn.actors.runtime.ActorSettings;
import io.deepsnn.actors.topology.TopologyPlan;
import io.deepsnn.network.graph.Conv2d;
import io.deepsnn.network.graph.Dense;
import io.deepsnn.network.graph.Node;
import io.deepsnn.network.snn.SpikingNetwork;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every node of a multi-node run holds: the same converted network, cut into the same tiles,
 * with the same timing. Each node builds it from its own copy of the network file; the
 * {@link #fingerprint()} lets the coordinator refuse a node that holds another one. Thresholds and
 * simulation options are not part of it: the coordinator sends them with each {@link Deployment}
 * (Spike-Norm changes the thresholds layer by layer).
 */
public final class NodeNetwork {
  /** The probe layer of a deployment of the whole network (no Spike-Norm probe). */
  public static final int WHOLE = -1;

  private final SpikingNetwork network;
  private final ActorSettings settings;
  private final Map<Integer, TopologyPlan> plans = new ConcurrentHashMap<>();

  /**
   * @param network the spiking network
   * @param settings the actor runtime's settings (tiling, timing; threads and batch size may
   *     differ between nodes)
   */
  public NodeNetwork(SpikingNetwork network, ActorSettings settings) {
    this.network = network;
    this.settings = settings;
  }

  /** The spiking network. */
  public SpikingNetwork network() {
    return network;
  }

  /** The actor runtime's settings of this node. */
  public ActorSettings settings() {
    return settings;
  }

  /**
   * The tiles and edges of the whole network ({@link #WHOLE}), or of the prefix up to
   * {@code probeLayer} whose last layer is a Spike-Norm probe; made once per layer.
   */
  public TopologyPlan plan(int probeLayer) {
    return plans.computeIfAbsent(probeLayer, l -> l == WHOLE ? new TopologyPlan(network, settings.tiling())
        : new TopologyPlan(network, settings.tiling(), l));
  }

  /**
   * A 64-bit digest of everything that must agree across nodes: weights, the tiles and edges, and
   * the timing. Threads and batch sizes may differ.
   */
  public long fingerprint() {
    Digest d = new Digest();
    for (Node n : network.graph().nodes()) {
      if (n.op() instanceof Conv2d c) {
        d.floats(c.weights());
      } else if (n.op() instanceof Dense f) {
        d.floats(f.weights());
      }
      d.text(n.op().kind());
    }
    TopologyPlan plan = plan(WHOLE);
    for (TopologyPlan.Tile t : plan.tiles()) {
      d.add(t.layer()).add(t.rowFrom()).add(t.rowTo());
    }
    for (TopologyPlan.Edge e : plan.edges()) {
      d.add(e.from()).add(e.to()).add(e.projection()).add(e.srcRowFrom()).add(e.srcRowTo());
    }
    d.text(settings.timing().name()).add(settings.pipelineDepth());
    return d.value;
  }

  /** FNV-1a style mixing of 64-bit words: stable across JVMs and machines. */
  private static final class Digest {
    long value = 0xcbf29ce484222325L;

    Digest add(long v) {
      value = (value ^ v) * 0x100000001b3L;
      value ^= value >>> 29;
      return this;
    }

    Digest floats(float[] f) {
      add(f.length);
      for (float x : f) {
        add(Float.floatToIntBits(x));
      }
      return this;
    }

    Digest text(String s) {
      add(s.length());
      s.chars().forEach(this::add);
      return this;
    }
  }
}
