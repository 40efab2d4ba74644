package io.deepsnn.actors.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.actors.runtime.ActorSettings;
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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A node that joins the cluster beyond the node count of a run (a spare, or a lost node started
 * again) stands by, and takes a lost node's place: the failover deploys the tiles on it, so the
 * run goes on with as many nodes as before — and with the sequential simulator's result.
 */
class SpareNodeTest {

  private static final Duration STARTUP = Duration.ofSeconds(60);

  @Test
  void aSpareNodeTakesTheLostNodesTiles() throws Exception {
    Graph g = RandomGraphs.vgg(4);
    SpikingNetwork net = SpikingNetwork.compile(g);
    Thresholds th = RandomGraphs.thresholds(net, 4);
    SimulationOptions options = SimulationOptions.defaults(3.0).withSeed(4);
    List<SnnInput> in = RandomGraphs.images(g, 4, 8, 10);
    int[] checkpoints = {100, 6000};
    SimulationResult expected = new SequentialSimulator(net, th, options).run(in, checkpoints);
    NodeNetwork network = new NodeNetwork(net, ActorSettings.defaults(1).withTiling(Tiling.count(2)).withBatchImages(2));
    int port = freePort();
    ClusterSession session = ClusterSession.start(network, null,
        new ClusterSettings(2, Placement.ROUND_ROBIN, STARTUP, new ClusterSettings.HostPort("127.0.0.1", port)));
    ActorSystem<WorkerNode.Command> a = ClusterNodes.worker(network, "127.0.0.1", 0, "127.0.0.1", port, STARTUP,
        new CompletableFuture<>());
    ActorSystem<WorkerNode.Command> b = ClusterNodes.worker(network, "127.0.0.1", 0, "127.0.0.1", port, STARTUP,
        new CompletableFuture<>());
    try {
      // Both workers' hosts are in the coordinator's registry before the run starts.
      Awaitility.await().atMost(STARTUP).pollInterval(Duration.ofMillis(200))
          .until(() -> hostsListed(session.system()) == 3);
      ClusterNodes.Started started = session.deploy(Deployment.whole(th, options, network.settings()));
      assertEquals(2, started.layout().size(), started.layout().toString());
      boolean aHosts = started.layout().stream().anyMatch(l -> l.startsWith(a.address().toString()));
      ActorSystem<WorkerNode.Command> used = aHosts ? a : b;
      ActorSystem<WorkerNode.Command> spare = aHosts ? b : a;
      assertTrue(started.layout().stream().noneMatch(l -> l.startsWith(spare.address().toString())),
          "the spare stands by: " + started.layout());
      try (var simulator = started.simulator()) {
        CompletableFuture<SimulationResult> run = CompletableFuture.supplyAsync(() -> simulator.run(in, checkpoints));
        Thread.sleep(300);
        assertTrue(!run.isDone(), "the run is under way when the node leaves");
        used.terminate();
        SimulationResult actual = run.get(120, TimeUnit.SECONDS);
        RunAssertions.assertSameRun(expected, actual, "after a failover onto the spare");
        assertEquals(1, simulator.failovers().size(), simulator.failovers().toString());
        String failover = simulator.failovers().get(0);
        assertTrue(failover.contains("node " + used.address()) && failover.contains(spare.address() + ": "),
            failover);
      }
    } finally {
      a.terminate();
      b.terminate();
      session.close();
    }
  }

  /**
   * A node lost mid-run and started again at the same address (a new incarnation of it) is not
   * held against it: the session's next deployment uses it again.
   */
  @Test
  void aLostNodeStartedAgainAtTheSameAddressIsUsedAgain() throws Exception {
    Graph g = RandomGraphs.vgg(5);
    SpikingNetwork net = SpikingNetwork.compile(g);
    Thresholds th = RandomGraphs.thresholds(net, 5);
    SimulationOptions options = SimulationOptions.defaults(3.0).withSeed(5);
    List<SnnInput> in = RandomGraphs.images(g, 5, 8, 10);
    int[] checkpoints = {100, 6000};
    SimulationResult expected = new SequentialSimulator(net, th, options).run(in, checkpoints);
    NodeNetwork network = new NodeNetwork(net, ActorSettings.defaults(1).withTiling(Tiling.count(2)).withBatchImages(2));
    int port = freePort();
    int workerPort = freePort();
    ClusterSession session = ClusterSession.start(network, null,
        new ClusterSettings(2, Placement.ROUND_ROBIN, STARTUP, new ClusterSettings.HostPort("127.0.0.1", port)));
    ActorSystem<WorkerNode.Command> first = ClusterNodes.worker(network, "127.0.0.1", workerPort, "127.0.0.1", port,
        STARTUP, new CompletableFuture<>());
    ActorSystem<WorkerNode.Command> again = null;
    try {
      Deployment whole = Deployment.whole(th, options, network.settings());
      ClusterNodes.Started started = session.deploy(whole);
      try (var simulator = started.simulator()) {
        CompletableFuture<SimulationResult> run = CompletableFuture.supplyAsync(() -> simulator.run(in, checkpoints));
        Thread.sleep(300);
        first.terminate();
        RunAssertions.assertSameRun(expected, run.get(120, TimeUnit.SECONDS), "after a failover onto this node");
        assertEquals(1, simulator.failovers().size(), simulator.failovers().toString());
      }
      first.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      again = ClusterNodes.worker(network, "127.0.0.1", workerPort, "127.0.0.1", port, STARTUP,
          new CompletableFuture<>());
      Awaitility.await().atMost(STARTUP).pollInterval(Duration.ofMillis(200))
          .until(() -> hostsListed(session.system()) == 2);
      ClusterNodes.Started next = session.deploy(whole);
      String address = again.address().toString();
      assertEquals(first.address().toString(), address, "the same address");
      assertTrue(next.layout().stream().anyMatch(l -> l.startsWith(address + ": ")), next.layout().toString());
      int[] shortRun = {50, 200};
      try (var simulator = next.simulator()) {
        RunAssertions.assertSameRun(new SequentialSimulator(net, th, options).run(in, shortRun),
            simulator.run(in, shortRun), "on the node started again");
      }
    } finally {
      first.terminate();
      if (again != null) {
        again.terminate();
      }
      session.close();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket free = new ServerSocket(0)) {
      return free.getLocalPort();
    }
  }

  /** How many tile hosts the coordinator's registry lists. */
  private static int hostsListed(ActorSystem<?> system) throws Exception {
    return AskPattern.<Receptionist.Command, Receptionist.Listing>ask(system.receptionist(),
            replyTo -> Receptionist.find(TileHost.KEY, replyTo), Duration.ofSeconds(5), system.scheduler())
        .toCompletableFuture().get(10, TimeUnit.SECONDS).getServiceInstances(TileHost.KEY).size();
  }
}
