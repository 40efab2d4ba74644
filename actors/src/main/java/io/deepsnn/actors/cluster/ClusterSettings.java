package io.deepsnn.actors.cluster;

import java.time.Duration;

/**
 * How a run spreads over cluster nodes.
 *
 * @param nodes cluster nodes the tiles are spread over (1 = a plain local actor system)
 * @param placement which node hosts which tile
 * @param startupTimeout how long the nodes may take to join and spawn their tiles
 */
public record ClusterSettings(int nodes, Placement placement, Duration startupTimeout) {
  /** Validates. */
  public ClusterSettings {
    if (nodes < 1) {
      throw new IllegalArgumentException("--nodes must be at least 1, got " + nodes);
    }
  }

  /** {@code nodes} nodes placed by {@code placement}, one minute to start. */
  public static ClusterSettings of(int nodes, Placement placement) {
    return new ClusterSettings(nodes, placement, Duration.ofSeconds(60));
  }
}
