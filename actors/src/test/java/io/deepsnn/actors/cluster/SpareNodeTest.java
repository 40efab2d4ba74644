package io.deepsnn.actors.cluster;

import io.deepsnn.actors.runtime.RuntimeSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.actors.testing.RunAssertions;
import io.deepsnn.network.snn.SequentialSimulator;
import java.time.Duration;
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
    FailoverCase c = FailoverCase.of(4);
    int port = FailoverCase.freePort();
    ClusterSession session = listening(c, port);
    ActorSystem<WorkerNode.Command> a = worker(c, 0, port);
    ActorSystem<WorkerNode.Command> b = worker(c, 0, port);
    try {
      // Both workers' hosts are in the coordinator's registry before the run starts.
      awaitHosts(session, 3);
      RuntimeSession.Deployed started = session.deploy(c.whole());
      assertEquals(2, started.layout().size(), started.layout().toString());
      boolean aHosts = started.layout().stream().anyMatch(l -> l.startsWith(a.address().toString()));
      ActorSystem<WorkerNode.Command> used = aHosts ? a : b;
      ActorSystem<WorkerNode.Command> spare = aHosts ? b : a;
      assertTrue(started.layout().stream().noneMatch(l -> l.startsWith(spare.address().toString())),
          "the spare stands by: " + started.layout());
      try (var simulator = started.simulator()) {
        c.runLosing(simulator, used, "after a failover onto the spare");
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
    FailoverCase c = FailoverCase.of(5);
    int port = FailoverCase.freePort();
    int workerPort = FailoverCase.freePort();
    ClusterSession session = listening(c, port);
    ActorSystem<WorkerNode.Command> first = worker(c, workerPort, port);
    ActorSystem<WorkerNode.Command> again = null;
    try {
      try (var simulator = session.deploy(c.whole()).simulator()) {
        c.runLosing(simulator, first, "after a failover onto this node");
        assertEquals(1, simulator.failovers().size(), simulator.failovers().toString());
      }
      first.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      again = worker(c, workerPort, port);
      awaitHosts(session, 2);
      RuntimeSession.Deployed next = session.deploy(c.whole());
      String address = again.address().toString();
      assertEquals(first.address().toString(), address, "the same address");
      assertTrue(next.layout().stream().anyMatch(l -> l.startsWith(address + ": ")), next.layout().toString());
      int[] shortRun = {50, 200};
      try (var simulator = next.simulator()) {
        RunAssertions.assertSameRun(new SequentialSimulator(c.net(), c.thresholds(), c.options()).run(c.images(),
            shortRun), simulator.run(c.images(), shortRun), "on the node started again");
      }
    } finally {
      first.terminate();
      if (again != null) {
        again.terminate();
      }
      session.close();
    }
  }

  /** A coordinator for runs on two nodes, listening on {@code port} for the workers. */
  private static ClusterSession listening(FailoverCase c, int port) {
    return ClusterSession.start(c.network(), null,
        new ClusterSettings(2, Placement.ROUND_ROBIN, STARTUP, new ClusterSettings.HostPort("127.0.0.1", port)));
  }

  private static ActorSystem<WorkerNode.Command> worker(FailoverCase c, int port, int coordinatorPort) {
    return ClusterNodes.worker(c.network(), "127.0.0.1", port, "127.0.0.1", coordinatorPort, STARTUP,
        new CompletableFuture<>());
  }

  private static void awaitHosts(ClusterSession session, int hosts) {
    Awaitility.await().atMost(STARTUP).pollInterval(Duration.ofMillis(200))
        .until(() -> hostsListed(session.system()) == hosts);
  }

  /** How many tile hosts the coordinator's registry lists. */
  private static int hostsListed(ActorSystem<?> system) throws Exception {
    return AskPattern.<Receptionist.Command, Receptionist.Listing>ask(system.receptionist(),
            replyTo -> Receptionist.find(TileHost.KEY, replyTo), Duration.ofSeconds(5), system.scheduler())
        .toCompletableFuture().get(10, TimeUnit.SECONDS).getServiceInstances(TileHost.KEY).size();
  }
}
