package io.deepsnn.actors.cluster;

import io.deepsnn.actors.runtime.NodeNetwork;
import io.deepsnn.actors.runtime.Deployment;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.actors.runtime.ActorSettings;
import io.deepsnn.actors.runtime.ActorSimulator;
import io.deepsnn.actors.testing.RunAssertions;
import io.deepsnn.actors.topology.Tiling;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.snn.SequentialSimulator;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SimulationResult;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.snn.Thresholds;
import io.deepsnn.network.testing.RandomGraphs;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * A random network, images and thresholds for the failover tests, with the sequential
 * simulator's result of a run long enough that a node can be lost while it is under way.
 */
record FailoverCase(SpikingNetwork net, Thresholds thresholds, SimulationOptions options, List<SnnInput> images,
                    NodeNetwork network, SimulationResult expected) {

  /** Long enough that a node can leave mid-run, short enough to run again on the nodes left. */
  static final int[] CHECKPOINTS = {100, 6000};

  /** The case for {@code seed}: 8 images, tiles of two, image batches of two. */
  static FailoverCase of(int seed) {
    Graph g = RandomGraphs.vgg(seed);
    SpikingNetwork net = SpikingNetwork.compile(g);
    Thresholds th = RandomGraphs.thresholds(net, seed);
    SimulationOptions options = SimulationOptions.defaults(3.0).withSeed(seed);
    List<SnnInput> in = RandomGraphs.images(g, seed, 8, 10);
    NodeNetwork network = new NodeNetwork(net, ActorSettings.defaults(1).withTiling(Tiling.count(2)).withBatchImages(2));
    return new FailoverCase(net, th, options, in, network,
        new SequentialSimulator(net, th, options).run(in, CHECKPOINTS));
  }

  /** The whole network as one deployment. */
  Deployment whole() {
    return Deployment.whole(thresholds, options, network.settings());
  }

  /**
   * Runs the images on {@code simulator}, stops {@code node} once the run is under way, and
   * asserts the result is still the sequential one.
   */
  void runLosing(ActorSimulator simulator, ActorSystem<?> node, String what) throws Exception {
    CompletableFuture<SimulationResult> run = CompletableFuture.supplyAsync(() -> simulator.run(images, CHECKPOINTS));
    Thread.sleep(300);
    assertTrue(!run.isDone(), "the run is under way when the node leaves");
    node.terminate();
    RunAssertions.assertSameRun(expected, run.get(120, TimeUnit.SECONDS), what);
  }

  /** A TCP port free now. */
  static int freePort() throws Exception {
    try (ServerSocket free = new ServerSocket(0)) {
      return free.getLocalPort();
    }
  }
}
