package io.deepsnn.actors.runtime;

import io.deepsnn.actors.topology.Tiling;
import io.deepsnn.actors.topology.TopologyPlan;
import io.deepsnn.network.graph.Conv2d;
import io.deepsnn.network.graph.Dense;
import io.deepsnn.network.graph.Node;
import io.deepsnn.network.snn.SpikingNetwork;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every node of a multi-node run holds: the same converted network, read from its own copy
 * of the network file, and this node's runtime settings (its threads). The {@link #fingerprint()}
 * lets the coordinator refuse a node that holds another network. Everything else — thresholds,
 * simulation options, tiling, timing — the coordinator sends with each {@link Deployment}.
 */
public final class NodeNetwork {
  /** The probe layer of a deployment of the whole network (no Spike-Norm probe). */
  public static final int WHOLE = -1;

  private final SpikingNetwork network;
  private final ActorSettings settings;
  private final Map<PlanKey, TopologyPlan> plans = new ConcurrentHashMap<>();

  private record PlanKey(Tiling tiling, int probeLayer) {
  }

  /**
   * @param network the spiking network
   * @param settings this node's runtime settings (its threads; a deployment brings the tiling and
   *     timing)
   */
  public NodeNetwork(SpikingNetwork network, ActorSettings settings) {
    this.network = network;
    this.settings = settings;
  }

  /** The spiking network. */
  public SpikingNetwork network() {
    return network;
  }

  /** This node's runtime settings. */
  public ActorSettings settings() {
    return settings;
  }

  /**
   * The tiles and edges of the whole network ({@link #WHOLE}) cut by {@code tiling}, or of the
   * prefix up to {@code probeLayer} whose last layer is a Spike-Norm probe; made once each.
   */
  public TopologyPlan plan(Tiling tiling, int probeLayer) {
    return plans.computeIfAbsent(new PlanKey(tiling, probeLayer), k -> k.probeLayer() == WHOLE
        ? new TopologyPlan(network, tiling) : new TopologyPlan(network, tiling, k.probeLayer()));
  }

  /** A 64-bit digest of the network (its layers, weights and biases): what must agree across nodes. */
  public long fingerprint() {
    Digest d = new Digest();
    for (Node n : network.graph().nodes()) {
      if (n.op() instanceof Conv2d c) {
        d.floats(c.weights());
        if (c.hasBias()) {
          d.floats(c.bias());
        }
      } else if (n.op() instanceof Dense f) {
        d.floats(f.weights());
        if (f.hasBias()) {
          d.floats(f.bias());
        }
      }
      d.text(n.op().kind());
    }
    for (var layer : network.layers()) {
      d.add(layer.neurons()).add(layer.projections().size());
    }
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
