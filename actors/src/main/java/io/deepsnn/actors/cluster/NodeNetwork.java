package io.deepsnn.actors.cluster;

import io.deepsnn.actors.runtime.ActorSettings;
import io.deepsnn.actors.topology.TopologyPlan;
import io.deepsnn.network.graph.Conv2d;
import io.deepsnn.network.graph.Dense;
import io.deepsnn.network.graph.Node;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.Thresholds;

/**
 * What every node of a multi-node run holds: the same converted network, cut into the same tiles,
 * with the same thresholds and options. Each node builds it from its own copy of the network
 * file; the {@link #fingerprint()} lets the coordinator refuse a node that holds another one.
 *
 * @param plan the tiles and edges (the network inside)
 * @param thresholds the layers' thresholds
 * @param options the simulation options (reset, readout, seed, input scale)
 * @param settings the actor runtime's settings (timing, batch size, threads of this node)
 */
public record NodeNetwork(TopologyPlan plan, Thresholds thresholds, SimulationOptions options,
                          ActorSettings settings) {

  /**
   * A 64-bit digest of everything that must agree across nodes: weights, thresholds, tiles and
   * edges, the options that change spikes, and the timing. Threads and batch sizes may differ.
   */
  public long fingerprint() {
    Digest d = new Digest();
    for (Node n : plan.network().graph().nodes()) {
      if (n.op() instanceof Conv2d c) {
        d.floats(c.weights());
      } else if (n.op() instanceof Dense f) {
        d.floats(f.weights());
      }
      d.text(n.op().kind());
    }
    for (double t : thresholds.values()) {
      d.add(Double.doubleToLongBits(t));
    }
    for (TopologyPlan.Tile t : plan.tiles()) {
      d.add(t.layer()).add(t.rowFrom()).add(t.rowTo());
    }
    for (TopologyPlan.Edge e : plan.edges()) {
      d.add(e.from()).add(e.to()).add(e.projection()).add(e.srcRowFrom()).add(e.srcRowTo());
    }
    d.add(plan.lastLayer()).add(plan.isProbe() ? 1 : 0);
    d.text(options.reset().name()).text(options.input().name()).text(options.readout().name())
        .add(options.seed()).add(Double.doubleToLongBits(options.inputScale()));
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
