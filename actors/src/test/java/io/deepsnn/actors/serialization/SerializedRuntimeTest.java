package io.deepsnn.actors.serialization;

import io.deepsnn.actors.runtime.LocalSession;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.deepsnn.actors.runtime.ActorSettings;
import io.deepsnn.actors.runtime.ActorSimulator;
import io.deepsnn.actors.runtime.Timing;
import io.deepsnn.actors.topology.Tiling;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.snn.SequentialSimulator;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SimulationResult;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.snn.Thresholds;
import io.deepsnn.network.testing.RandomGraphs;
import java.io.NotSerializableException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole actor runtime with every message serialized and deserialized on each send
 * ({@code pekko.actor.serialize-messages = on}): what a multi-node run does to the wire messages,
 * in one JVM. The spikes must be exactly those of the sequential simulator. Input images have
 * negative values, so the input tiles send negative spikes ({@code ~index}) too.
 */
class SerializedRuntimeTest {

  /**
   * Every send goes through serialization (the clock's local-only messages are marked
   * {@code NoSerializationVerificationNeeded}, and the batch outcome goes to an ask's promise,
   * which is not an actor), with the runtime serializer wrapped so that the test can count what
   * went through it.
   */
  private static final Config SERIALIZE_ALL = ConfigFactory.parseString(
      "pekko.actor.serialize-messages = on\n"
          + "pekko.actor.serializers.deepsnn-runtime = \"" + Counting.class.getName() + "\"\n");

  /** The runtime serializer, counting the messages it writes and reads, by manifest. */
  public static final class Counting extends SerializerWithStringManifest {
    static final Map<String, LongAdder> WRITTEN = new ConcurrentHashMap<>();
    static final Map<String, LongAdder> READ = new ConcurrentHashMap<>();
    static final LongAdder BYTES = new LongAdder();
    private final RuntimeSerializer delegate = new RuntimeSerializer();

    /** Called reflectively by Pekko. */
    public Counting(ExtendedActorSystem system) {
    }

    @Override
    public int identifier() {
      return delegate.identifier();
    }

    @Override
    public String manifest(Object o) {
      return delegate.manifest(o);
    }

    @Override
    public byte[] toBinary(Object o) {
      byte[] bytes = delegate.toBinary(o);
      WRITTEN.computeIfAbsent(delegate.manifest(o), k -> new LongAdder()).increment();
      BYTES.add(bytes.length);
      return bytes;
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
      Object o = delegate.fromBinary(bytes, manifest);
      READ.computeIfAbsent(manifest, k -> new LongAdder()).increment();
      return o;
    }
  }

  private static long count(Map<String, LongAdder> counts, String manifest) {
    LongAdder n = counts.get(manifest);
    return n == null ? 0 : n.sum();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2})
  void serializedMessagesGiveExactlyTheSequentialSpikes(long seed) {
    Graph g = seed % 2 == 0 ? RandomGraphs.resnet(seed) : RandomGraphs.vgg(seed);
    SpikingNetwork net = SpikingNetwork.compile(g);
    Thresholds th = RandomGraphs.thresholds(net, seed);
    SimulationOptions options = SimulationOptions.defaults(3.0).withSeed(seed);
    List<SnnInput> in = RandomGraphs.images(g, seed, 3, 10);
    int[] checkpoints = {5, 15};
    SimulationResult expected = new SequentialSimulator(net, th, options).run(in, checkpoints);
    assertTrue(expected.totalSpikes() > 0, "the network must fire");
    for (Timing timing : new Timing[] {Timing.LOCKSTEP, Timing.PIPELINED}) {
      ActorSettings settings = ActorSettings.defaults(2).withTiling(Tiling.count(2)).withTiming(timing)
          .withBatchImages(2).withPipelineDepth(3);
      try (ActorSimulator actors = LocalSession.simulator(net, th, options, settings, SERIALIZE_ALL)) {
        SimulationResult actual = actors.run(in, checkpoints);
        String what = timing + ", seed " + seed;
        assertEquals(in.size(), actual.images(), what);
        // The messages really went through the serializer, both ways.
        for (String m : new String[] {RuntimeSerializer.START_BATCH, RuntimeSerializer.EMIT_TIMESTEP,
            RuntimeSerializer.SPIKE_BATCH, RuntimeSerializer.TILE_DONE}) {
          assertTrue(count(Counting.WRITTEN, m) > 0 && count(Counting.READ, m) == count(Counting.WRITTEN, m),
              m + ": " + count(Counting.WRITTEN, m) + " written, " + count(Counting.READ, m) + " read");
        }
        assertArrayEquals(expected.spikeTrainHash(), actual.spikeTrainHash(), "spike trains: " + what);
        assertArrayEquals(expected.predictions(), actual.predictions(), what);
        assertArrayEquals(expected.correct(), actual.correct(), what);
        for (int c = 0; c < checkpoints.length; c++) {
          assertArrayEquals(expected.spikes()[c], actual.spikes()[c], "spikes per layer: " + what);
          assertArrayEquals(expected.synapses()[c], actual.synapses()[c], "synaptic events: " + what);
        }
      }
    }
  }
}
