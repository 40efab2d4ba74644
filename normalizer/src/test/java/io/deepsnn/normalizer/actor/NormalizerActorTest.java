package io.deepsnn.normalizer.actor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.actors.cluster.ClusterSettings;
import io.deepsnn.actors.cluster.Placement;
import io.deepsnn.actors.runtime.ActorSettings;
import io.deepsnn.actors.topology.Tiling;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.testing.RandomGraphs;
import io.deepsnn.normalizer.Balancing;
import io.deepsnn.normalizer.ResidualPolicy;
import io.deepsnn.normalizer.SpikeNormBalancer;
import io.deepsnn.actors.cluster.ClusterNodes;
import io.deepsnn.actors.runtime.NodeNetwork;
import io.deepsnn.actors.cluster.WorkerNode;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spike-Norm through the normalizer actor gives exactly the sequential Spike-Norm thresholds. */
class NormalizerActorTest {
  static List<SnnInput> images(SpikingNetwork net, int n, long seed) {
    Random rnd = new Random(seed);
    List<SnnInput> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = new double[net.inputShape().size()];
      for (int k = 0; k < x.length; k++) {
        x[k] = rnd.nextGaussian();
      }
      list.add(new SnnInput(i, 0, x));
    }
    return list;
  }

  @ParameterizedTest(name = "seed {0}, {1} tiles, {2} threads, {3}, {4} nodes")
  @CsvSource({"1, 1, 1, UNITY, 1", "2, 3, 2, UNITY, 1", "4, 2, 2, BALANCED, 1", "3, 4, 1, UNITY, 1",
      "2, 2, 1, UNITY, 2", "5, 3, 1, BALANCED, 3"})
  void sameThresholdsAsTheSequentialSpikeNorm(long seed, int tiles, int threads, ResidualPolicy policy, int nodes) {
    SpikingNetwork net = SpikingNetwork.compile(seed % 2 == 0 ? RandomGraphs.resnet(seed) : RandomGraphs.vgg(seed));
    List<SnnInput> cal = images(net, 5, seed);
    SimulationOptions options = SimulationOptions.defaults(3.0).withSeed(seed)
        .withReset(seed == 3 ? SimulationOptions.Reset.SUBTRACT : SimulationOptions.Reset.ZERO);
    Balancing sequential = SpikeNormBalancer.balance(net, cal, 40, options, policy, 1, l -> { });
    ActorSettings settings = ActorSettings.defaults(threads).withTiling(Tiling.count(tiles)).withBatchImages(2);
    // On several nodes, each layer's probe runtime is deployed across them (round-robin: every
    // edge that can cross does), and the tiles of the previous layer's runtime are stopped.
    Balancing actors = ActorSpikeNorm.balance(net, cal, 40, options, policy, settings,
        ClusterSettings.of(nodes, Placement.ROUND_ROBIN));
    for (int l = 1; l < net.size(); l++) {
      assertEquals(sequential.thresholds().get(l), actors.thresholds().get(l), 0.0, "layer " + l);
      assertEquals(sequential.layers().get(l - 1), actors.layers().get(l - 1));
    }
    assertTrue(sequential.layers().stream().anyMatch(t -> !t.unity() && t.measured() > 0));
  }

  /**
   * A node that leaves while a layer is measured: the layer is measured again on the nodes up,
   * and the thresholds are still the sequential ones.
   */
  @Test
  void aNodeLostDuringCalibrationIsLeftOutWithTheSameThresholds() throws Exception {
    SpikingNetwork net = SpikingNetwork.compile(RandomGraphs.vgg(6));
    List<SnnInput> cal = images(net, 8, 6);
    int steps = 1500;
    SimulationOptions options = SimulationOptions.defaults(3.0).withSeed(6);
    Balancing sequential = SpikeNormBalancer.balance(net, cal, steps, options, ResidualPolicy.UNITY, 1, l -> { });
    ActorSettings settings = ActorSettings.defaults(1).withTiling(Tiling.count(2)).withBatchImages(2);
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    ClusterSettings cluster = new ClusterSettings(2, Placement.ROUND_ROBIN, Duration.ofSeconds(60),
        new ClusterSettings.HostPort("127.0.0.1", port));
    CompletableFuture<Balancing> actors = CompletableFuture.supplyAsync(() -> ActorSpikeNorm.balance(net, cal, steps,
        options, ResidualPolicy.UNITY, settings, cluster));
    ActorSystem<WorkerNode.Command> worker = ClusterNodes.worker(new NodeNetwork(net, settings), "127.0.0.1", 0,
        "127.0.0.1", port, Duration.ofSeconds(60), new CompletableFuture<>());
    try {
      // Leave once the calibration is under way (the worker hosts tiles of every layer's runtime).
      Thread.sleep(2000);
      assertTrue(!actors.isDone(), "the calibration is under way when the node leaves");
      worker.terminate();
      Balancing b = actors.get(120, TimeUnit.SECONDS);
      for (int l = 1; l < net.size(); l++) {
        assertEquals(sequential.thresholds().get(l), b.thresholds().get(l), 0.0, "layer " + l);
      }
      // The layer being measured when the node left says so.
      assertTrue(b.layers().stream().anyMatch(t -> t.note().contains("measured again on the nodes up")
          && t.note().contains("node " + worker.address()) && t.note().contains("left the cluster")), b.layers()
          .toString());
    } finally {
      worker.terminate();
    }
  }
}
