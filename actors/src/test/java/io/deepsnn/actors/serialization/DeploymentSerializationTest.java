package io.deepsnn.actors.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deepsnn.actors.cluster.TileDeployment;
import io.deepsnn.actors.cluster.TileHost;
import io.deepsnn.actors.runtime.ClockActor;
import io.deepsnn.actors.runtime.Deployment;
import io.deepsnn.actors.runtime.ActorSettings;
import io.deepsnn.actors.runtime.DelayModel;
import io.deepsnn.actors.runtime.TileActor;
import io.deepsnn.actors.runtime.Timing;
import io.deepsnn.actors.topology.Tiling;
import io.deepsnn.network.snn.Thresholds;
import java.time.Duration;
import io.deepsnn.network.snn.SimulationOptions;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The deployment messages, which carry actor refs, survive the serializer of an actor system. */
class DeploymentSerializationTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private final RuntimeSerializer serializer = new RuntimeSerializer(
      (org.apache.pekko.actor.ExtendedActorSystem) Adapter.toClassic(KIT.system()));

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private Object roundTrip(Object m) throws Exception {
    return serializer.fromBinary(serializer.toBinary(m), serializer.manifest(m));
  }

  @Test
  void connectKeepsEveryConsumerRef() throws Exception {
    TestProbe<TileActor.Command> a = KIT.createTestProbe();
    TestProbe<TileActor.Command> b = KIT.createTestProbe();
    TileActor.Connect m = new TileActor.Connect(Map.of(3, a.ref(), 70_000, b.ref()));
    assertEquals(m, roundTrip(m));
  }

  @Test
  void spawnTilesKeepsFingerprintTilesAndRefs() throws Exception {
    TestProbe<ClockActor.Command> clock = KIT.createTestProbe();
    SimulationOptions options = new SimulationOptions(SimulationOptions.Reset.SUBTRACT,
        SimulationOptions.InputMode.POISSON, SimulationOptions.Readout.CURRENT, -7L, 2.75,
        SimulationOptions.KernelMode.AUTO, 0.3, 0.5);
    ActorSettings settings = ActorSettings.defaults(3).withTiling(new Tiling(1, 5000)).withTiming(Timing.ASYNC)
        .withPipelineDepth(6).withDelay(DelayModel.parse("exponential:2ms", 17))
        .withTickInterval(Duration.ofMillis(3));
    Deployment what = new Deployment(new Thresholds(new double[] {Double.NaN, 0.25, -0.0}), options, 3, settings);
    TileHost.SpawnTiles m = new TileHost.SpawnTiles(-5L, what, new int[] {0, 4, 9}, clock.ref(), clock.ref());
    TileHost.SpawnTiles back = (TileHost.SpawnTiles) roundTrip(m);
    assertEquals(m.fingerprint(), back.fingerprint());
    Deployment got = back.what();
    assertEquals(3, got.probeLayer());
    assertEquals(options, got.options());
    assertArrayEquals(what.thresholds().values(), got.thresholds().values(), 0.0);
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(got.thresholds().values()[2]));
    // The tile-shaping settings travel; threads stay each node's own.
    ActorSettings own = ActorSettings.defaults(2);
    ActorSettings onNode = got.on(own);
    assertEquals(settings.tiling(), onNode.tiling());
    assertEquals(Timing.ASYNC, onNode.timing());
    assertEquals(6, onNode.pipelineDepth());
    assertEquals(settings.delay(), onNode.delay());
    assertEquals(Duration.ofMillis(3), onNode.tickInterval());
    assertEquals(2, onNode.threads());
    assertArrayEquals(m.tiles(), back.tiles());
    assertEquals(clock.ref(), back.clock());
    assertEquals(clock.ref(), back.replyTo());
  }

  @Test
  void tilesSpawnedKeepsRefsOrFailure() throws Exception {
    TestProbe<TileActor.Command> t = KIT.createTestProbe();
    TileDeployment.TilesSpawned ok = new TileDeployment.TilesSpawned("node-a", new int[] {2}, List.of(t.ref()), null);
    TileDeployment.TilesSpawned back = (TileDeployment.TilesSpawned) roundTrip(ok);
    assertEquals(List.of(t.ref()), back.refs());
    assertNull(back.failure());
    TileDeployment.TilesSpawned refused = new TileDeployment.TilesSpawned("node-b", new int[] {1, 2}, List.of(),
        "holds another network");
    back = (TileDeployment.TilesSpawned) roundTrip(refused);
    assertEquals("holds another network", back.failure());
    assertArrayEquals(new int[] {1, 2}, back.tiles());
  }

  @Test
  void withoutAnActorSystemRefsCannotBeWritten() {
    TestProbe<TileActor.Command> a = KIT.createTestProbe();
    assertThrows(IllegalStateException.class,
        () -> new RuntimeSerializer().toBinary(new TileActor.Connect(Map.of(1, a.ref()))));
  }
}
