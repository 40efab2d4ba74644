package io.deepsnn.runner.cli;

import io.deepsnn.actors.cluster.ClusterSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/**
 * Checks that an address given to listen on can be bound, before the actor system tries it: Pekko
 * would log a long stack trace for an address in use or a host that is not this machine's, and the
 * command would only then fail. The error names the option.
 */
final class BindCheck {
  private BindCheck() {
  }

  /** Parses {@code value} of option {@code option} and checks it can be bound (port 0 always can). */
  static ClusterSettings.HostPort check(String value, String option) {
    ClusterSettings.HostPort hp;
    try {
      hp = ClusterSettings.HostPort.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
    }
    InetAddress host;
    try {
      host = InetAddress.getByName(hp.host());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(option + " " + value + ": unknown host '" + hp.host() + "'", e);
    }
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(host, hp.port()));
    } catch (IOException e) {
      throw new IllegalArgumentException(option + " " + value + ": cannot listen there (" + e.getMessage() + ")", e);
    }
    return hp;
  }
}
