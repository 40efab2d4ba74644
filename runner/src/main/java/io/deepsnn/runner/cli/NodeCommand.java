package io.deepsnn.runner.cli;

import io.deepsnn.actors.cluster.ClusterNodes;
import io.deepsnn.actors.cluster.ClusterSettings;
import io.deepsnn.actors.cluster.TlsSettings;
import io.deepsnn.actors.cluster.WorkerNode;
import io.deepsnn.actors.runtime.ActorSettings;
import io.deepsnn.actors.runtime.NodeNetwork;
import io.deepsnn.network.convert.ConvertedNetworkFile;
import io.deepsnn.runner.bench.SoakGraph;
import io.deepsnn.network.snn.SpikingNetwork;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.ActorSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code snn node}: one worker node of a run across machines. It joins the coordinator (an
 * {@code snn simulate ... --nodes N --listen HOST:PORT}), hosts the tiles it is given, and exits
 * when the coordinator is gone.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
    description = "Host tiles of a multi-node run: join the coordinator started with "
        + "'snn simulate NET.snn ... --runtime actors --nodes N --listen HOST:PORT' with the same network file "
        + "(or 'snn convert --model M.onnx ... --runtime actors --nodes N --listen HOST:PORT' with the same --model, "
        + "or 'snn soak --arch A ... --nodes N --listen HOST:PORT' with the same --arch). "
        + "The coordinator sends everything else (thresholds, reset, seed, input scale, tiles, timing); "
        + "--threads is this node's own. Nodes beyond N stand by as spares, and one started again after a "
        + "crash rejoins: either takes a lost node's place.")
public final class NodeCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NET.snn", arity = "0..1",
      description = "The network the coordinator simulates (the same file). Without it, the --model the "
          + "coordinator converts.")
  Path network;

  @Mixin
  ModelOptions modelOptions;

  @Option(names = "--arch", paramLabel = "vgg16|resnet20|resnet34",
      description = "Host tiles of a soak run's random-weight graph instead (the coordinator's --arch).")
  String arch;

  @Option(names = "--join", paramLabel = "HOST:PORT", required = true,
      description = "The coordinator's --listen address.")
  String join;

  @Option(names = "--join-timeout", paramLabel = "SECONDS",
      description = "Give up when not joined within this (default: ${DEFAULT-VALUE}).")
  int joinTimeout;

  @Option(names = "--node-address", paramLabel = "HOST:PORT",
      description = "The address the other nodes reach this one at (port 0: any free port; "
          + "default: ${DEFAULT-VALUE}, this machine only).")
  String address;

  @Mixin
  TlsOptions tls;

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ClusterSettings.HostPort seed = OptionValues.named("--join", () -> ClusterSettings.HostPort.parse(join));
    ClusterSettings.HostPort self = BindCheck.check(address, "--node-address");
    TlsSettings tlsSettings = tls.settings(self.host(), "--node-address");
    int threads = common.threads();
    SpikingNetwork net;
    String what;
    if (network != null && arch != null) {
      throw new IllegalArgumentException("give the network file or --arch, not both");
    }
    if (network != null) {
      net = ConvertedNetworkFile.read(network).network();
      what = String.valueOf(network.getFileName());
    } else if (arch != null) {
      net = SpikingNetwork.compile(SoakGraph.of(arch));
      what = "the soak's " + arch + " graph";
    } else {
      ModelOptions.LoadedModel m = modelOptions.load();
      net = SpikingNetwork.compile(m.onnx().graph());
      what = String.valueOf(m.path().getFileName());
    }
    if (joinTimeout < 1) {
      throw new IllegalArgumentException("--join-timeout must be at least 1 second");
    }
    CompletableFuture<WorkerNode.Stopped> stopped = new CompletableFuture<>();
    ActorSystem<WorkerNode.Command> node = ClusterNodes.worker(new NodeNetwork(net, ActorSettings.defaults(threads)),
        self.host(), self.port(), seed.host(), seed.port(), Duration.ofSeconds(joinTimeout), tlsSettings, stopped);
    out.println("node " + node.address() + " joining " + seed + (tlsSettings != null ? " over TLS" : "") + " with " + what
        + "; it stops when the coordinator does");
    out.flush();
    node.getWhenTerminated().toCompletableFuture().get();
    WorkerNode.Stopped why = stopped.getNow(new WorkerNode.Stopped(false, "stopped from outside"));
    if (!why.clean()) {
      throw new IllegalStateException("node " + node.address() + " stopped: " + why.reason()
          + (tlsSettings != null && why.reason().startsWith("could not join") ? "; over TLS, an SSLHandshakeException "
          + "above means the coordinator and this node do not trust each other's certificates (the same 'snn keys' "
          + "folder on both?)" : ""));
    }
    out.println("node " + node.address() + " stopped: " + why.reason());
    return 0;
  }
}
