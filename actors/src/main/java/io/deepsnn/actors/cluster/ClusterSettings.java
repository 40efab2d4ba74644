package io.deepsnn.actors.cluster;

import java.time.Duration;

/**
 * How a run spreads over cluster nodes.
 *
 * @param nodes cluster nodes the tiles are spread over (1 = a plain local actor system)
 * @param placement which node hosts which tile
 * @param startupTimeout how long the nodes may take to join and spawn their tiles
 * @param listen null: every node in this JVM; else this node coordinates, listening here, and the
 *     other {@code nodes - 1} are started elsewhere ({@code snn node --join})
 * @param tls null: Artery over plain TCP; else over TLS with mutual authentication
 */
public record ClusterSettings(int nodes, Placement placement, Duration startupTimeout, HostPort listen,
                              TlsSettings tls) {
  /** Over plain TCP. */
  public ClusterSettings(int nodes, Placement placement, Duration startupTimeout, HostPort listen) {
    this(nodes, placement, startupTimeout, listen, null);
  }

  /** Validates. */
  public ClusterSettings {
    if (nodes < 1) {
      throw new IllegalArgumentException("--nodes must be at least 1, got " + nodes);
    }
    if (listen != null && nodes < 2) {
      throw new IllegalArgumentException("--listen coordinates other nodes: give --nodes 2 or more");
    }
  }

  /** {@code nodes} nodes in this JVM placed by {@code placement}, one minute to start. */
  public static ClusterSettings of(int nodes, Placement placement) {
    return new ClusterSettings(nodes, placement, Duration.ofSeconds(60), null);
  }

  /** A host and TCP port, e.g. {@code 10.0.0.5:25520}. */
  public record HostPort(String host, int port) {
    /** Parses {@code HOST:PORT}. */
    public static HostPort parse(String s) {
      int colon = s.lastIndexOf(':');
      try {
        int port = Integer.parseInt(s.substring(colon + 1));
        if (colon < 1 || port < 0 || port > 65535) {
          throw new NumberFormatException();
        }
        return new HostPort(s.substring(0, colon), port);
      } catch (NumberFormatException | IndexOutOfBoundsException e) {
        throw new IllegalArgumentException("expected HOST:PORT (port 0 to 65535), got '" + s + "'");
      }
    }

    @Override
    public String toString() {
      return host + ":" + port;
    }
  }
}
