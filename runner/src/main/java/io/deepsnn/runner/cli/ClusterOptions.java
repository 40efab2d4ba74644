package io.deepsnn.runner.cli;

import io.deepsnn.actors.cluster.ClusterSettings;
import io.deepsnn.actors.cluster.Placement;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options that spread the actor runtime's tiles over cluster nodes (shared by the commands that run it). */
public final class ClusterOptions {
  @Option(names = "--nodes", paramLabel = "N",
      description = "Actor runtime: spread the tiles over N cluster nodes — in this JVM, joined over loopback TCP, "
          + "or with --listen on other machines — so every spike between nodes goes through the serializer and "
          + "Artery (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--placement", paramLabel = "layers|work|round-robin",
      description = "With --nodes: consecutive layers per node (a pipeline), cut to even out the neurons "
          + "(layers) or the synaptic work (work, by MACs), or tile k on node k mod N (default: ${DEFAULT-VALUE}).")
  String placement;

  @Option(names = "--listen", paramLabel = "HOST:PORT",
      description = "With --nodes N: coordinate N-1 nodes on other machines, started there with "
          + "'snn node NET.snn --join HOST:PORT' (or 'snn node --model MODEL.onnx --join HOST:PORT' for convert), "
          + "instead of starting them in this JVM.")
  String listen;

  @Option(names = "--startup-timeout", paramLabel = "SECONDS",
      description = "With --nodes: how long the nodes may take to join (default: ${DEFAULT-VALUE}).")
  int startupTimeout;

  @Mixin
  TlsOptions tls = new TlsOptions();

  /** The settings, validated. */
  public ClusterSettings settings() {
    if (startupTimeout < 1) {
      throw new IllegalArgumentException("--startup-timeout must be at least 1 second");
    }
    if (listen == null) {
      if (tls.given() || tls.insecure) {
        throw new IllegalArgumentException((tls.insecure ? "--insecure" : "--tls-keystore/--tls-truststore")
            + " applies to a coordinator of other machines' nodes (--listen) only");
      }
      return new ClusterSettings(nodes, Placement.parse(placement), Duration.ofSeconds(startupTimeout), null);
    }
    ClusterSettings.HostPort at = BindCheck.check(listen, "--listen");
    return new ClusterSettings(nodes, Placement.parse(placement), Duration.ofSeconds(startupTimeout), at,
        tls.settings(at.host(), "--listen"));
  }
}
