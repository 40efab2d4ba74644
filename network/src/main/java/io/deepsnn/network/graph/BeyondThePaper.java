package io.deepsnn.network.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * What a network uses beyond the paper's method (SEMANTICS §7), for reports to say: biased layers
 * (BatchNorm folded in), gated max pools and trained clip levels.
 */
public final class BeyondThePaper {
  private BeyondThePaper() {
  }

  /** One sentence naming what {@code g} uses beyond the paper, or empty for a paper-form network. */
  public static String describe(Graph g) {
    int biased = 0;
    int maxPools = 0;
    int clipped = 0;
    for (Node n : g.nodes()) {
      Op op = n.op();
      if (op instanceof Conv2d c && c.hasBias() || op instanceof Dense d && d.hasBias()) {
        biased++;
      } else if (op instanceof MaxPool) {
        maxPools++;
      } else if (op instanceof Relu r && r.clipped()) {
        clipped++;
      }
    }
    List<String> parts = new ArrayList<>();
    if (biased > 0) {
      parts.add(biased + " layer(s) with a bias (BatchNorm folded in) as constant currents");
    }
    if (maxPools > 0) {
      parts.add(maxPools + " max pool(s) as gates");
    }
    if (clipped > 0) {
      parts.add(clipped + " ReLU(s) with a trained clip level");
    }
    return parts.isEmpty() ? "" : "Beyond the paper (SEMANTICS §7): " + String.join("; ", parts) + ".";
  }
}
