package io.deepsnn.actors.cluster;

import io.deepsnn.actors.runtime.RuntimeSession;
import io.deepsnn.actors.runtime.NodeNetwork;
import io.deepsnn.actors.runtime.Deployment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.actors.runtime.ActorRuntimeException;
import io.deepsnn.actors.runtime.ActorSettings;
import io.deepsnn.actors.runtime.Timing;
import io.deepsnn.actors.testing.OptionVariant;
import io.deepsnn.actors.testing.RunAssertions;
import io.deepsnn.actors.topology.Tiling;
import io.deepsnn.actors.topology.TopologyPlan;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.snn.SequentialSimulator;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SimulationResult;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.snn.Thresholds;
import io.deepsnn.network.testing.RandomGraphs;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Tiles spread over several cluster nodes (actor systems joined over loopback TCP, so every
 * message between nodes goes through the protobuf serializer and Artery) fire exactly the spikes
 * of the sequential simulator, for any placement and node count.
 */
class MultiNodeEquivalenceTest {
  private static final Duration STARTUP = Duration.ofSeconds(60);

  @ParameterizedTest(name = "seed {0}, {1} nodes, {2}, {3} tiles, {4}")
  @CsvSource({
      "1, 2, layers, 2, LOCKSTEP",
      "2, 2, round-robin, 3, LOCKSTEP",
      "2, 3, round-robin, 2, PIPELINED",
      "3, 3, layers, 1, PIPELINED",
      "1, 3, work, 2, LOCKSTEP"})
  void tilesOnSeveralNodesMatchTheSequentialSimulator(long seed, int nodes, String placement, int tiles,
                                                       Timing timing) {
    Graph g = seed % 2 == 0 ? RandomGraphs.resnet(seed) : RandomGraphs.vgg(seed);
    SpikingNetwork net = SpikingNetwork.compile(g);
    Thresholds th = RandomGraphs.thresholds(net, seed);
    SimulationOptions options = SimulationOptions.defaults(3.0).withSeed(seed)
        .withReset(seed == 3 ? SimulationOptions.Reset.SUBTRACT : SimulationOptions.Reset.ZERO);
    List<SnnInput> in = RandomGraphs.images(g, seed, 5, 10);
    int[] checkpoints = {7, 25};
    SimulationResult expected = new SequentialSimulator(net, th, options).run(in, checkpoints);

    ActorSettings settings = ActorSettings.defaults(1).withTiling(Tiling.count(tiles)).withTiming(timing)
        .withBatchImages(2).withPipelineDepth(3);
    NodeNetwork network = new NodeNetwork(net, settings);
    RuntimeSession.Deployed run = ClusterNodes.simulator(network, th, options,
        new ClusterSettings(nodes, Placement.parse(placement), STARTUP, null));
    try (var simulator = run.simulator()) {
      assertEquals(nodes, run.layout().stream().map(n -> n.substring(0, n.indexOf(": "))).distinct().count(),
          "one entry per node, each at its own address: " + run.layout());
      for (String node : run.layout()) {
        assertTrue(node.startsWith("pekko://" + ClusterNodes.SYSTEM_NAME + "@127.0.0.1:") && !node.endsWith(": 0 tiles"),
            "every node hosts tiles: " + run.layout());
      }
      SimulationResult actual = simulator.run(in, checkpoints);
      RunAssertions.assertSameRun(expected, actual,
          nodes + " nodes, " + placement);
    }
  }

  /** A session keeps its nodes for one deployment after another, each with its own tiling and timing. */
  @Test
  void aSessionRunsOneDeploymentAfterAnotherOnTheSameNodes() {
    Graph g = RandomGraphs.resnet(4);
    SpikingNetwork net = SpikingNetwork.compile(g);
    Thresholds th = RandomGraphs.thresholds(net, 4);
    SimulationOptions options = SimulationOptions.defaults(3.0).withSeed(4);
    List<SnnInput> in = RandomGraphs.images(g, 4, 4, 10);
    int[] checkpoints = {5, 20};
    SimulationResult expected = new SequentialSimulator(net, th, options).run(in, checkpoints);
    NodeNetwork network = new NodeNetwork(net, ActorSettings.defaults(1).withBatchImages(2));
    try (ClusterSession session = ClusterSession.start(network,
        new ClusterSettings(2, Placement.ROUND_ROBIN, STARTUP, null))) {
      List<String> nodes = null;
      for (int k = 0; k < 3; k++) {
        ActorSettings s = network.settings().withTiling(Tiling.count(1 + k))
            .withTiming(k == 1 ? Timing.PIPELINED : Timing.LOCKSTEP);
        RuntimeSession.Deployed run = session.deploy(Deployment.whole(th, options, s));
        try (var simulator = run.simulator()) {
          RunAssertions.assertSameRun(expected, simulator.run(in, checkpoints), "deployment " + k);
        }
        List<String> here = run.layout().stream().map(n -> n.substring(0, n.indexOf(": "))).sorted().toList();
        if (nodes == null) {
          nodes = here;
        }
        assertEquals(nodes, here, "the same nodes for every deployment");
      }
    }
  }

  /**
   * Every simulation option (analog input, dense and auto kernels, current readout) gives the
   * sequential spikes on two nodes too: their deployments carry the options to the other node.
   */
  @Test
  void everyOptionGivesTheSequentialSpikesOnTwoNodes() {
    for (OptionVariant v : OptionVariant.values()) {
      SpikingNetwork net = SpikingNetwork.compile(v.graph());
      Thresholds th = v.thresholds(net);
      SimulationOptions options = v.options(v.seed());
      List<SnnInput> in = RandomGraphs.images(v.graph(), v.seed(), 4, 10);
      int[] checkpoints = {5, 20};
      SimulationResult expected = new SequentialSimulator(net, th, options).run(in, checkpoints);
      NodeNetwork network = new NodeNetwork(net, ActorSettings.defaults(1).withBatchImages(2)
          .withTiling(Tiling.count(2)).withTiming(v.ordinal() % 2 == 0 ? Timing.LOCKSTEP : Timing.PIPELINED));
      try (var simulator = ClusterNodes.simulator(network, th, options, List.of(network), Placement.ROUND_ROBIN,
          STARTUP).simulator()) {
        RunAssertions.assertSameRun(expected, simulator.run(in, checkpoints), v + " on two nodes");
      }
    }
  }

  @Test
  void aLostBatchBetweenNodesIsReportedNamingTheEdge() {
    Graph g = RandomGraphs.vgg(3);
    SpikingNetwork net = SpikingNetwork.compile(g);
    Thresholds th = RandomGraphs.thresholds(net, 3);
    List<SnnInput> in = RandomGraphs.images(g, 3, 4, 10);
    SimulationOptions options = SimulationOptions.defaults(3.0);
    ActorSettings base = ActorSettings.defaults(1).withTiling(Tiling.count(2)).withStallTimeout(Duration.ofMillis(800));
    TopologyPlan plan = new TopologyPlan(net, base.tiling());
    // Round-robin over two nodes: tile k on node k mod 2, so this edge crosses between the nodes.
    TopologyPlan.Edge crossing = plan.edges().stream().filter(e -> e.from() % 2 != e.to() % 2).findFirst()
        .orElseThrow();
    for (Timing timing : new Timing[] {Timing.LOCKSTEP, Timing.PIPELINED}) {
      ActorSettings settings = base.withTiming(timing)
          .withFaults((edge, batch, t) -> edge == crossing.id() && batch == 0 && t == 3);
      NodeNetwork network = new NodeNetwork(net, settings);
      try (var simulator = ClusterNodes.simulator(network, th, options, List.of(network), Placement.ROUND_ROBIN,
          STARTUP)
          .simulator()) {
        ActorRuntimeException e = assertThrows(ActorRuntimeException.class, () -> simulator.run(in, new int[] {8}));
        assertTrue(e.getMessage().contains("edge " + crossing.id()) && e.getMessage().contains("lost"),
            timing + ": " + e.getMessage());
      }
    }
  }

  /**
   * A node that leaves while its tiles run: the coordinator notices at once (not after the stall
   * timeout), deploys the tiles again on the nodes that are left, and runs the unfinished image
   * batches there — the result is still exactly the sequential simulator's.
   */
  @Test
  void aNodeThatLeavesMidRunIsFailedOverWithTheSameResult() throws Exception {
    FailoverCase c = FailoverCase.of(4);
    int port = FailoverCase.freePort();
    CompletableFuture<RuntimeSession.Deployed> coordinator = CompletableFuture.supplyAsync(() -> ClusterNodes.simulator(
        c.network(), c.thresholds(), c.options(),
        new ClusterSettings(2, Placement.ROUND_ROBIN, STARTUP, new ClusterSettings.HostPort("127.0.0.1", port))));
    ActorSystem<WorkerNode.Command> worker = ClusterNodes.worker(c.network(), "127.0.0.1", 0, "127.0.0.1", port,
        STARTUP, new CompletableFuture<>());
    try (var simulator = coordinator.get(STARTUP.toSeconds(), TimeUnit.SECONDS).simulator()) {
      c.runLosing(simulator, worker, "after a failover");
      assertEquals(1, simulator.failovers().size(), simulator.failovers().toString());
      String lost = simulator.failovers().get(0);
      assertTrue(lost.contains("node " + worker.address()) && lost.contains("left the cluster")
          && lost.contains("tiles L"), lost);
    } finally {
      worker.terminate();
    }
  }

  @Test
  void imageBatchesTooLargeForOneFrameAreRefusedBeforeTheRun() {
    Graph g = RandomGraphs.vgg(5);
    SpikingNetwork net = SpikingNetwork.compile(g);
    // Artery's frame is 4 MiB here: 8-byte values, so this many images cannot travel in one message.
    int images = (int) (4L * 1024 * 1024 / (8L * net.inputShape().size())) + 1;
    ActorSettings settings = ActorSettings.defaults(1).withBatchImages(images);
    ActorRuntimeException e = assertThrows(ActorRuntimeException.class,
        () -> ClusterNodes.simulator(new NodeNetwork(net, settings), RandomGraphs.thresholds(net, 5),
            SimulationOptions.defaults(3.0), new ClusterSettings(2, Placement.LAYERS, STARTUP, null)));
    assertTrue(e.getMessage().contains("maximum-frame-size") && e.getMessage().contains("--batch "), e.getMessage());
  }

  @Test
  void aNodeHoldingAnotherNetworkIsLeftOutAndTheRunGoesOnWithASpare() {
    Graph g = RandomGraphs.vgg(5);
    SpikingNetwork net = SpikingNetwork.compile(g);
    Thresholds th = RandomGraphs.thresholds(net, 5);
    ActorSettings settings = ActorSettings.defaults(1);
    SimulationOptions options = SimulationOptions.defaults(3.0);
    NodeNetwork ours = new NodeNetwork(net, settings);
    NodeNetwork theirs = new NodeNetwork(SpikingNetwork.compile(RandomGraphs.vgg(6)), settings);
    assertTrue(ours.fingerprint() != theirs.fingerprint(), "other weights change the fingerprint");
    // Tiling and timing come with each deployment; threads are each node's own.
    assertEquals(ours.fingerprint(), new NodeNetwork(net, ActorSettings.defaults(2).withTiling(Tiling.count(3))
        .withTiming(Timing.ASYNC)).fingerprint());

    // Two nodes wanted; of the two workers one holds another network: the run goes on with the other.
    List<SnnInput> in = RandomGraphs.images(g, 5, 3, 10);
    int[] checkpoints = {6, 15};
    SimulationResult expected = new SequentialSimulator(net, th, options).run(in, checkpoints);
    RuntimeSession.Deployed run = ClusterNodes.simulator(ours, th, options, List.of(theirs, ours), 2,
        Placement.ROUND_ROBIN, STARTUP);
    try (var simulator = run.simulator()) {
      assertEquals(2, run.layout().size(), run.layout().toString());
      assertTrue(run.where().contains("left out: node pekko://" + ClusterNodes.SYSTEM_NAME + "@127.0.0.1:")
          && run.where().contains("holds another network"), run.where());
      RunAssertions.assertSameRun(expected, simulator.run(in, checkpoints), "with the wrong node left out");
    }

    // Without a spare the deployment never gets its second node, and says why.
    ActorRuntimeException e = assertThrows(ActorRuntimeException.class,
        () -> ClusterNodes.simulator(ours, th, options, List.of(theirs), Placement.ROUND_ROBIN, Duration.ofSeconds(8)));
    assertTrue(e.getMessage().contains("refused: node pekko://") && e.getMessage().contains("holds another network"),
        e.getMessage());
  }
}
