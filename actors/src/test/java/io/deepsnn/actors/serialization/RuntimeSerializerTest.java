package io.deepsnn.actors.serialization;

import static io.deepsnn.actors.serialization.WireAssertions.assertSameMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.actors.runtime.ClockActor;
import io.deepsnn.actors.runtime.TileActor;
import io.deepsnn.actors.runtime.WireMessage;
import io.deepsnn.protocol.runtime.RuntimeMessages;
import java.io.NotSerializableException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.Test;

/** Every wire message survives the serializer exactly, alone and inside a real actor system. */
class RuntimeSerializerTest {

  private final RuntimeSerializer serializer = new RuntimeSerializer();

  /** A NaN with a payload that a canonicalising path would lose. */
  private static final double ODD_NAN = Double.longBitsToDouble(0x7ff800000000beefL);

  /** Round-trips through the array and both kinds of buffer, and returns the array form's result. */
  private Object roundTrip(Object message) throws NotSerializableException {
    String manifest = serializer.manifest(message);
    byte[] bytes = serializer.toBinary(message);
    Object back = serializer.fromBinary(bytes, manifest);
    assertNotSame(message, back);
    assertSameMessage(message, back);
    for (ByteBuffer buf : new ByteBuffer[] {ByteBuffer.allocate(bytes.length + 16),
        ByteBuffer.allocateDirect(bytes.length + 16)}) {
      buf.position(3); // Artery writes after its header.
      serializer.toBinary(message, buf);
      assertEquals(3 + bytes.length, buf.position(), "the buffer's position advances past the message");
      buf.flip().position(3);
      assertSameMessage(message, serializer.fromBinary(buf, manifest));
    }
    return back;
  }

  private static TileActor.SpikeBatch spikes(int[]... images) {
    return new TileActor.SpikeBatch(7, 2, 3, 41L, images);
  }

  // ------------------------------------------------------------------------------------------
  // Round trips.

  @Test
  void spikeBatches() throws Exception {
    roundTrip(spikes());
    roundTrip(spikes(new int[0], new int[0], new int[0]));
    roundTrip(spikes(new int[] {300, 3, 5}));
    // Empty images before, between and after non-empty ones; negative (input) spikes.
    roundTrip(spikes(new int[0], new int[] {~4, 17, ~0, 12_543}, new int[0], new int[] {1}, new int[0], new int[0]));
    Random rnd = new Random(3);
    int[][] dense = new int[8][];
    for (int i = 0; i < dense.length; i++) {
      dense[i] = rnd.ints(5_000, 0, 12_544).distinct().toArray();
    }
    roundTrip(spikes(dense));
    // Every header field at its extremes (any int round-trips, even the negative ones that the
    // runtime never sends).
    roundTrip(new TileActor.SpikeBatch(Integer.MAX_VALUE, -1, Integer.MIN_VALUE, Long.MIN_VALUE, new int[][] {{0}}));
    roundTrip(new TileActor.SpikeBatch(0, 0, 0, -1L, new int[][] {{Integer.MIN_VALUE, Integer.MAX_VALUE}}));
  }

  @Test
  void spikeOrderWithinAnImageIsNotKeptButTheMultisetIs() throws Exception {
    TileActor.SpikeBatch m = spikes(new int[] {9, ~1, 3, 3});
    TileActor.SpikeBatch back = (TileActor.SpikeBatch) serializer.fromBinary(serializer.toBinary(m),
        RuntimeSerializer.SPIKE_BATCH);
    assertEquals(List.of(~1, 3, 3, 9), java.util.Arrays.stream(back.spikes()[0]).boxed().toList());
  }

  @Test
  void startBatchesKeepNullXAndExactDoubles() throws Exception {
    roundTrip(new TileActor.StartBatch(4, new long[] {10, 11, Long.MAX_VALUE, -5}, new int[] {3, -1, 0, 9},
        new int[] {1, 10, 64}, null));
    double[][] x = {
        {0.0, -0.0, Double.NaN, ODD_NAN, Double.MIN_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Math.PI, -1.5e-300},
        {},
        {42.0},
    };
    TileActor.StartBatch back = (TileActor.StartBatch) roundTrip(
        new TileActor.StartBatch(0, new long[] {1, 2, 3}, new int[] {0, 1, 2}, new int[] {5}, x));
    assertEquals(0x7ff800000000beefL, Double.doubleToRawLongBits(back.x()[0][3]));
    assertEquals(0x8000000000000000L, Double.doubleToRawLongBits(back.x()[0][1]));
    // An empty (non-null) x stays non-null.
    roundTrip(new TileActor.StartBatch(1, new long[0], new int[0], new int[0], new double[0][]));
  }

  @Test
  void smallTileMessages() throws Exception {
    roundTrip(new TileActor.EmitTimestep(3, 0));
    roundTrip(new TileActor.EmitTimestep(Integer.MAX_VALUE, 1999));
    roundTrip(new TileActor.FireTimestep(7, 12));
    roundTrip(new TileActor.EndBatch(12));
    roundTrip(new TileActor.StatusRequest(0));
  }

  @Test
  void tileDoneKeepsNullStatsAndPredictions() throws Exception {
    roundTrip(new ClockActor.TileDone(1, 5, 3, null, null));
    ClockActor.TileStats stats = new ClockActor.TileStats(4, 123_456_789_012L, 9L, 0L, -0x123456789abcdefL,
        Long.MIN_VALUE);
    roundTrip(new ClockActor.TileDone(1, 99, 3, stats, null));
    roundTrip(new ClockActor.TileDone(1, 99, 3, stats, new int[] {7, -1, 0, 9}));
    roundTrip(new ClockActor.TileDone(1, 99, 3, null, new int[0]));
    ClockActor.TileStats extremes = new ClockActor.TileStats(Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE,
        -1L, Long.MIN_VALUE, Long.MAX_VALUE);
    roundTrip(new ClockActor.TileDone(0, 0, 0, extremes, new int[] {Integer.MIN_VALUE}));
  }

  @Test
  void clockMessages() throws Exception {
    roundTrip(new ClockActor.RuntimeFailure(2, "tile conv1[0]: lost spike batch 17 on edge 4 (timestep 3) ✗"));
    roundTrip(new ClockActor.RuntimeFailure(2, ""));
    roundTrip(new ClockActor.RuntimeFailure(2, null));
    roundTrip(new ClockActor.TileStatus(5, 3, -1, List.of()));
    roundTrip(new ClockActor.TileStatus(5, 3, 17, new ArrayList<>(List.of(4, 9, 0))));
  }

  // ------------------------------------------------------------------------------------------
  // Sizes.

  @Test
  void emptySpikeBatchesAreTiny() {
    // Header only: edge, batch, timestep, sequence and image count, no image entries.
    int empty8 = serializer.toBinary(new TileActor.SpikeBatch(12, 3, 250, 1000L, new int[8][0])).length;
    assertTrue(empty8 <= 12, empty8 + " bytes");
    // An empty image before a non-empty one costs two bytes.
    int one = serializer.toBinary(new TileActor.SpikeBatch(12, 3, 250, 1000L, new int[][] {{}, {}, {5}})).length;
    int alone = serializer.toBinary(new TileActor.SpikeBatch(12, 3, 250, 1000L, new int[][] {{5}})).length;
    assertEquals(alone + 4, one);
  }

  @Test
  void spikeBatchesAreFarSmallerThanRawInts() {
    Random rnd = new Random(9);
    int[][] sparse = new int[8][];
    int[][] dense = new int[8][];
    for (int i = 0; i < 8; i++) {
      sparse[i] = rnd.ints(0, 12_544).distinct().limit(50).toArray();
      dense[i] = rnd.ints(0, 12_544).distinct().limit(5_000).toArray();
    }
    int sparseBytes = serializer.toBinary(spikes(sparse)).length;
    int denseBytes = serializer.toBinary(spikes(dense)).length;
    // Sparse: 50 gaps of ~250 (about two bytes each) per image, against 8 × 50 × 4 raw bytes.
    assertTrue(sparseBytes < 8 * 50 * 2 + 8 * 8 + 16, sparseBytes + " bytes");
    // Dense: a 1,568-byte bitmap per image, against 8 × 5,000 × 4 raw bytes.
    // (Per image: 1,568 bitmap bytes, 11 bytes of tags, lengths and count.)
    assertTrue(denseBytes <= 8 * (1_568 + 11) + 16, denseBytes + " bytes");
  }

  // ------------------------------------------------------------------------------------------
  // Failures.

  /** A wire message the serializer has never heard of. */
  private record Stranger(int batch) implements WireMessage {
  }

  @Test
  void anUnknownWireMessageFailsLoudly() {
    Stranger m = new Stranger(1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> serializer.manifest(m));
    assertTrue(e.getMessage().contains(Stranger.class.getName()), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> serializer.toBinary(m));
    assertTrue(e.getMessage().contains(Stranger.class.getName()), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> serializer.toBinary(m, ByteBuffer.allocate(64)));
    assertThrows(IllegalArgumentException.class, () -> serializer.toBinary("not a message"));
  }

  @Test
  void anUnknownManifestIsNotSerializable() {
    NotSerializableException e = assertThrows(NotSerializableException.class,
        () -> serializer.fromBinary(new byte[0], "XX"));
    assertTrue(e.getMessage().contains("XX"), e.getMessage());
  }

  @Test
  void corruptedSpikesNameTheEdgeAndTimestep() {
    byte[] good = serializer.toBinary(spikes(new int[0], new int[] {3, 5, 300}));
    RuntimeMessages.SpikeBatch p;
    try {
      p = RuntimeMessages.SpikeBatch.parseFrom(good);
    } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
      throw new AssertionError(ex);
    }
    byte[] bad = p.toBuilder().setImages(1, p.getImages(1).toBuilder().setPositiveCount(4)).build().toByteArray();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> serializer.fromBinary(bad, RuntimeSerializer.SPIKE_BATCH));
    String msg = e.getMessage();
    assertTrue(msg.contains("edge 7") && msg.contains("timestep 3") && msg.contains("image 1"), msg);
    // More images listed than the count announces.
    byte[] tooMany = p.toBuilder().setImageCount(1).build().toByteArray();
    assertThrows(IllegalArgumentException.class, () -> serializer.fromBinary(tooMany, RuntimeSerializer.SPIKE_BATCH));
    // An absurd image count must not allocate.
    byte[] huge = p.toBuilder().setImageCount(-2).build().toByteArray();
    assertThrows(IllegalArgumentException.class, () -> serializer.fromBinary(huge, RuntimeSerializer.SPIKE_BATCH));
    // Bytes that are not protobuf at all.
    IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class,
        () -> serializer.fromBinary(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x01}, RuntimeSerializer.TILE_DONE));
    assertTrue(garbage.getMessage().contains("TD"), garbage.getMessage());
  }

  @Test
  void nullsTheRuntimeNeverSendsAreRefusedNotTurnedIntoEmpties() {
    assertThrows(IllegalArgumentException.class, () -> serializer.toBinary(new TileActor.SpikeBatch(0, 0, 0, 0, null)));
    assertThrows(IllegalArgumentException.class,
        () -> serializer.toBinary(new TileActor.SpikeBatch(0, 0, 0, 0, new int[][] {{1}, null})));
    assertThrows(IllegalArgumentException.class,
        () -> serializer.toBinary(new TileActor.StartBatch(0, null, new int[0], new int[0], null)));
    assertThrows(IllegalArgumentException.class,
        () -> serializer.toBinary(new TileActor.StartBatch(0, new long[1], new int[1], new int[0], new double[][] {null})));
    assertThrows(IllegalArgumentException.class,
        () -> serializer.toBinary(new ClockActor.TileStatus(0, 0, 0, null)));
  }

  @Test
  void aBufferTooSmallOverflowsLikeArteryExpects() {
    TileActor.EmitTimestep m = new TileActor.EmitTimestep(300, 300);
    ByteBuffer small = ByteBuffer.allocate(serializer.toBinary(m).length - 1);
    assertThrows(BufferOverflowException.class, () -> serializer.toBinary(m, small));
    assertEquals(0, small.position());
  }

  // ------------------------------------------------------------------------------------------
  // Inside Pekko.

  @Test
  void pekkoPicksThisSerializerForEveryWireMessage() throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "t");
    try {
      Serialization serialization = SerializationExtension.get(system.classicSystem());
      List<Object> messages = List.of(
          spikes(new int[0], new int[] {~4, 17, ~0, 12_543}),
          new TileActor.StartBatch(0, new long[] {1}, new int[] {2}, new int[] {3}, new double[][] {{ODD_NAN, -0.0}}),
          new TileActor.StartBatch(0, new long[] {1}, new int[] {2}, new int[] {3}, null),
          new TileActor.EmitTimestep(1, 2),
          new TileActor.FireTimestep(1, 2),
          new TileActor.EndBatch(1),
          new TileActor.StatusRequest(1),
          new ClockActor.TileDone(1, 2, 3, new ClockActor.TileStats(1, 2, 3, 4, -5, 6), new int[] {1}),
          new ClockActor.TileDone(1, 2, 3, null, null),
          new ClockActor.RuntimeFailure(1, "why"),
          new ClockActor.TileStatus(1, 2, -1, List.of(3, 4)));
      for (Object m : messages) {
        Serializer s = serialization.serializerFor(m.getClass());
        assertInstanceOf(RuntimeSerializer.class, s, m.getClass().getName());
        assertEquals(RuntimeSerializer.IDENTIFIER, s.identifier());
        assertEquals(RuntimeSerializer.IDENTIFIER, serialization.findSerializerFor(m).identifier());
        byte[] bytes = serialization.serialize(m).get();
        String manifest = Serializers.manifestFor(s, m);
        Object back = serialization.deserialize(bytes, s.identifier(), manifest).get();
        assertNotSame(m, back);
        assertSameMessage(m, back);
      }
      // A wire message without a case fails rather than falling back to another serializer.
      assertInstanceOf(RuntimeSerializer.class, serialization.serializerFor(Stranger.class));
      assertTrue(serialization.serialize(new Stranger(1)).isFailure());
    } finally {
      system.terminate();
    }
  }
}
