package io.deepsnn.actors.serialization;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import io.deepsnn.actors.cluster.TileDeployment;
import io.deepsnn.actors.cluster.TileHost;
import io.deepsnn.actors.runtime.ClockActor;
import io.deepsnn.actors.runtime.RuntimeStats;
import io.deepsnn.actors.runtime.TileActor;
import io.deepsnn.actors.runtime.WireMessage;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.UncheckedIOException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.ByteBufferSerializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * The Pekko serializer of the actor runtime's {@link WireMessage}s: protobuf
 * ({@code runtime_messages.proto}), so that nothing that crosses a JVM boundary is ever
 * Java-serialized. It is bound to {@link WireMessage} in the module's {@code reference.conf}.
 *
 * <p>Identifier {@value #IDENTIFIER}: fixed, because the identifier travels with every message
 * and both ends must agree on it; it is in the user range (Pekko reserves 0 to 40) and must not
 * be changed or given to another serializer.
 *
 * <p>Manifests are short (they travel with every message too) and stable: each names one message
 * type and must never be reused for another. See {@link #manifestOf(Class)}.
 *
 * <p>Failures are loud, never silent fallbacks: a message class without a manifest here throws
 * {@link IllegalArgumentException} naming the class (a new {@link WireMessage} needs a case here;
 * a test checks every one has); an unknown manifest on receipt throws
 * {@link NotSerializableException} (Pekko's convention: a type this node does not know); corrupted
 * bytes throw {@link IllegalArgumentException} that names the message (for spikes: edge, batch,
 * timestep and image). Remoting then drops the message and logs it, and the receiving tile reports
 * the lost batch through its sequence numbers.
 *
 * <p>It also implements {@link ByteBufferSerializer}, so Artery writes into and reads from its
 * buffers without an intermediate array. Thread-safe: its only state is the lazily made codec of
 * the deployment messages and the system's {@link RuntimeStats}, where it counts what it writes.
 */
public final class RuntimeSerializer extends SerializerWithStringManifest implements ByteBufferSerializer {

  /** The serializer identifier, in Pekko's user range; see the class comment. */
  public static final int IDENTIFIER = 7301;

  /** Manifest of {@link TileActor.SpikeBatch}. */
  public static final String SPIKE_BATCH = "SB";
  /** Manifest of {@link TileActor.StartBatch}. */
  public static final String START_BATCH = "ST";
  /** Manifest of {@link TileActor.EmitTimestep}. */
  public static final String EMIT_TIMESTEP = "TK";
  /** Manifest of {@link TileActor.FireTimestep}. */
  public static final String FIRE_TIMESTEP = "FT";
  /** Manifest of {@link TileActor.EndBatch}. */
  public static final String END_BATCH = "EB";
  /** Manifest of {@link TileActor.StatusRequest}. */
  public static final String STATUS_REQUEST = "SR";
  /** Manifest of {@link ClockActor.TileDone}. */
  public static final String TILE_DONE = "TD";
  /** Manifest of {@link ClockActor.RuntimeFailure}. */
  public static final String RUNTIME_FAILURE = "RF";
  /** Manifest of {@link ClockActor.TileStatus}. */
  public static final String TILE_STATUS = "TS";
  /** Manifest of {@link TileActor.CountersRequest}. */
  public static final String COUNTERS_REQUEST = "CR";
  /** Manifest of {@link ClockActor.TileCounters}. */
  public static final String TILE_COUNTERS = "TC";
  /** Manifest of {@link TileActor.Connect} (carries actor refs: see {@link DeploymentCodec}). */
  public static final String CONNECT = "CN";
  /** Manifest of {@link TileHost.SpawnTiles} (carries actor refs). */
  public static final String SPAWN_TILES = "SP";
  /** Manifest of {@link TileDeployment.TilesSpawned} (carries actor refs). */
  public static final String TILES_SPAWNED = "TP";

  /**
   * The most images a decoded spike batch may announce. A corrupted count must not make the
   * receiver allocate gigabytes; real batches are far smaller (and a batch this large would not
   * fit a remoting frame anyway).
   */
  public static final int MAX_IMAGES = 1 << 20;

  private static final Map<Class<?>, String> MANIFESTS;

  static {
    Map<Class<?>, String> m = new LinkedHashMap<>();
    m.put(TileActor.SpikeBatch.class, SPIKE_BATCH);
    m.put(TileActor.StartBatch.class, START_BATCH);
    m.put(TileActor.EmitTimestep.class, EMIT_TIMESTEP);
    m.put(TileActor.FireTimestep.class, FIRE_TIMESTEP);
    m.put(TileActor.EndBatch.class, END_BATCH);
    m.put(TileActor.StatusRequest.class, STATUS_REQUEST);
    m.put(ClockActor.TileDone.class, TILE_DONE);
    m.put(ClockActor.RuntimeFailure.class, RUNTIME_FAILURE);
    m.put(ClockActor.TileStatus.class, TILE_STATUS);
    m.put(TileActor.CountersRequest.class, COUNTERS_REQUEST);
    m.put(ClockActor.TileCounters.class, TILE_COUNTERS);
    m.put(TileActor.Connect.class, CONNECT);
    m.put(TileHost.SpawnTiles.class, SPAWN_TILES);
    m.put(TileDeployment.TilesSpawned.class, TILES_SPAWNED);
    MANIFESTS = Collections.unmodifiableMap(m);
  }

  /**
   * The constructor Pekko calls (reflectively) when it loads the serializers of an actor system.
   *
   * @param system the actor system, whose {@link ActorRefResolver} reads and writes the actor refs
   *     of the deployment messages
   */
  public RuntimeSerializer(ExtendedActorSystem system) {
    this.system = system;
  }

  /** A serializer outside any actor system (tests, tools): it cannot handle actor refs. */
  public RuntimeSerializer() {
    this.system = null;
  }

  private final ExtendedActorSystem system;
  private volatile DeploymentCodec deployment;
  private volatile RuntimeStats stats;

  /** The codec of the messages with actor refs; made on first use (the system is up by then). */
  private DeploymentCodec deployment() {
    if (system == null) {
      throw new IllegalStateException("messages that carry actor refs need the serializer of an actor system");
    }
    DeploymentCodec d = deployment;
    if (d == null) {
      d = new DeploymentCodec(ActorRefResolver.get(Adapter.toTyped(system)));
      deployment = d;
    }
    return d;
  }

  /** Counts a message written (per actor system, {@link RuntimeStats}; not outside one). */
  private void record(Object o, int bytes) {
    if (system != null) {
      RuntimeStats s = stats;
      if (s == null) {
        s = RuntimeStats.get(system);
        stats = s;
      }
      s.recordWritten(o instanceof TileActor.SpikeBatch, bytes);
    }
  }

  private MessageLite proto(Object o) {
    return DeploymentCodec.handles(o.getClass()) ? deployment().toProto(o) : RuntimeCodec.toProto(o);
  }

  private Object read(CodedInputStream in, String manifest) throws NotSerializableException {
    if (!manifest.equals(CONNECT) && !manifest.equals(SPAWN_TILES) && !manifest.equals(TILES_SPAWNED)) {
      return RuntimeCodec.fromInput(in, manifest);
    }
    try {
      return deployment().fromInput(in, manifest);
    } catch (IOException e) {
      throw new IllegalArgumentException("corrupted " + manifest + " message: " + e.getMessage(), e);
    }
  }

  /**
   * The message classes this serializer handles.
   *
   * @return the classes, in the order of {@code runtime_messages.proto}
   */
  public static Set<Class<?>> supportedClasses() {
    return MANIFESTS.keySet();
  }

  /**
   * The manifest of a message class.
   *
   * @param type a message class
   * @return its manifest
   * @throws IllegalArgumentException when the class has none (it is not a known wire message)
   */
  public static String manifestOf(Class<?> type) {
    String manifest = MANIFESTS.get(type);
    if (manifest == null) {
      throw unknownClass(type);
    }
    return manifest;
  }

  static IllegalArgumentException unknownClass(Class<?> type) {
    return new IllegalArgumentException("no protobuf serialization for " + type.getName()
        + (WireMessage.class.isAssignableFrom(type)
        ? ": a new WireMessage needs a manifest and a case in " + RuntimeSerializer.class.getName()
        + " and a message in runtime_messages.proto"
        : ": it is not a WireMessage"));
  }

  /** {@value #IDENTIFIER}, fixed: see the class comment. */
  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  /**
   * The manifest of a message.
   *
   * @throws IllegalArgumentException when its class is not a known wire message
   */
  @Override
  public String manifest(Object o) {
    return manifestOf(o.getClass());
  }

  /**
   * The protobuf bytes of a message.
   *
   * @throws IllegalArgumentException when its class is not a known wire message, or a field the
   *         runtime never leaves null is null
   */
  @Override
  public byte[] toBinary(Object o) {
    byte[] bytes = proto(o).toByteArray();
    record(o, bytes.length);
    return bytes;
  }

  /**
   * Writes the protobuf bytes of a message at the buffer's position and advances it.
   *
   * @throws BufferOverflowException when the message does not fit (the buffer is left as it was)
   * @throws IllegalArgumentException as {@link #toBinary(Object)}
   */
  @Override
  public void toBinary(Object o, ByteBuffer buf) {
    MessageLite proto = proto(o);
    int size = proto.getSerializedSize();
    if (buf.remaining() < size) {
      // What Artery expects from a ByteBufferSerializer for a message larger than its buffer.
      throw new BufferOverflowException();
    }
    CodedOutputStream out = CodedOutputStream.newInstance(buf);
    try {
      proto.writeTo(out);
      out.flush(); // advances the buffer's position past the message
      record(o, size);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + o.getClass().getName() + " into a buffer", e);
    }
  }

  /**
   * Reads a message.
   *
   * @throws NotSerializableException when the manifest is not one of this serializer's
   * @throws IllegalArgumentException when the bytes are corrupted
   */
  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    return read(CodedInputStream.newInstance(bytes), manifest);
  }

  /**
   * Reads a message from the buffer's position to its limit, and moves the position to the limit.
   *
   * @throws NotSerializableException when the manifest is not one of this serializer's
   * @throws IllegalArgumentException when the bytes are corrupted
   */
  @Override
  public Object fromBinary(ByteBuffer buf, String manifest) throws NotSerializableException {
    Object message = read(CodedInputStream.newInstance(buf), manifest);
    buf.position(buf.limit());
    return message;
  }
}
