package io.deepsnn.actors.serialization;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.deepsnn.actors.cluster.TileDeployment;
import io.deepsnn.actors.cluster.TileHost;
import io.deepsnn.actors.runtime.ClockActor;
import io.deepsnn.actors.runtime.TileActor;
import io.deepsnn.actors.runtime.WireMessage;
import io.deepsnn.protocol.runtime.RuntimeMessages;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.UncheckedIOException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
 * the deployment messages.
 */
public final class RuntimeSerializer extends SerializerWithStringManifest implements ByteBufferSerializer {

  /** The serializer identifier, in Pekko's user range; see the class comment. */
  public static final int IDENTIFIER = 7301;

  /** Manifest of {@link TileActor.SpikeBatch}. */
  public static final String SPIKE_BATCH = "SB";
  /** Manifest of {@link TileActor.StartBatch}. */
  public static final String START_BATCH = "ST";
  /** Manifest of {@link TileActor.Tick}. */
  public static final String TICK = "TK";
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
    m.put(TileActor.Tick.class, TICK);
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

  private static final int[] NO_INTS = new int[0];

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

  private MessageLite proto(Object o) {
    return DeploymentCodec.handles(o.getClass()) ? deployment().toProto(o) : toProto(o);
  }

  private Object read(CodedInputStream in, String manifest) throws NotSerializableException {
    if (!manifest.equals(CONNECT) && !manifest.equals(SPAWN_TILES) && !manifest.equals(TILES_SPAWNED)) {
      return fromInput(in, manifest);
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

  private static IllegalArgumentException unknownClass(Class<?> type) {
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
    WireTraffic.record(manifestOf(o.getClass()), bytes.length);
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
      WireTraffic.record(manifestOf(o.getClass()), size);
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

  // ------------------------------------------------------------------------------------------
  // Java to protobuf.

  private static MessageLite toProto(Object o) {
    if (o instanceof TileActor.SpikeBatch m) {
      return spikeBatch(m);
    } else if (o instanceof TileActor.StartBatch m) {
      return startBatch(m);
    } else if (o instanceof TileActor.Tick m) {
      return RuntimeMessages.Tick.newBuilder().setBatch(m.batch()).setTimestep(m.timestep()).build();
    } else if (o instanceof TileActor.EndBatch m) {
      return RuntimeMessages.EndBatch.newBuilder().setBatch(m.batch()).build();
    } else if (o instanceof TileActor.StatusRequest m) {
      return RuntimeMessages.StatusRequest.newBuilder().setBatch(m.batch()).build();
    } else if (o instanceof ClockActor.TileDone m) {
      return tileDone(m);
    } else if (o instanceof ClockActor.RuntimeFailure m) {
      RuntimeMessages.RuntimeFailure.Builder b = RuntimeMessages.RuntimeFailure.newBuilder().setBatch(m.batch());
      if (m.reason() != null) {
        b.setReason(m.reason());
      }
      return b.build();
    } else if (o instanceof ClockActor.TileStatus m) {
      return tileStatus(m);
    } else if (o instanceof TileActor.CountersRequest) {
      return RuntimeMessages.CountersRequest.getDefaultInstance();
    } else if (o instanceof ClockActor.TileCounters m) {
      return tileCounters(m);
    }
    throw unknownClass(o.getClass());
  }

  private static RuntimeMessages.SpikeBatch spikeBatch(TileActor.SpikeBatch m) {
    int[][] spikes = required(m.spikes(), "SpikeBatch.spikes");
    RuntimeMessages.SpikeBatch.Builder b = RuntimeMessages.SpikeBatch.newBuilder()
        .setEdge(m.edge())
        .setBatch(m.batch())
        .setTimestep(m.timestep())
        .setSequence(m.sequence())
        .setImageCount(spikes.length);
    // Trailing images without spikes are left out (the count says how many there are): a
    // timestep in which nothing fired then costs a dozen bytes whatever the batch size.
    int last = spikes.length - 1;
    while (last >= 0 && required(spikes[last], "SpikeBatch.spikes[i]").length == 0) {
      last--;
    }
    for (int i = 0; i <= last; i++) {
      b.addImages(SpikeCodec.encode(required(spikes[i], "SpikeBatch.spikes[i]")));
    }
    return b.build();
  }

  private static RuntimeMessages.StartBatch startBatch(TileActor.StartBatch m) {
    RuntimeMessages.StartBatch.Builder b = RuntimeMessages.StartBatch.newBuilder().setBatch(m.batch());
    for (long index : required(m.indices(), "StartBatch.indices")) {
      b.addIndices(index);
    }
    for (int label : required(m.labels(), "StartBatch.labels")) {
      b.addLabels(label);
    }
    for (int checkpoint : required(m.checkpoints(), "StartBatch.checkpoints")) {
      b.addCheckpoints(checkpoint);
    }
    if (m.x() != null) {
      RuntimeMessages.DoubleMatrix.Builder x = RuntimeMessages.DoubleMatrix.newBuilder();
      for (double[] row : m.x()) {
        RuntimeMessages.DoubleRow.Builder r = RuntimeMessages.DoubleRow.newBuilder();
        for (double v : required(row, "StartBatch.x[i]")) {
          r.addValues(v);
        }
        x.addRows(r);
      }
      b.setX(x);
    }
    return b.build();
  }

  private static RuntimeMessages.TileDone tileDone(ClockActor.TileDone m) {
    RuntimeMessages.TileDone.Builder b = RuntimeMessages.TileDone.newBuilder()
        .setBatch(m.batch())
        .setTimestep(m.timestep())
        .setTile(m.tile());
    ClockActor.TileStats s = m.stats();
    if (s != null) {
      b.setStats(RuntimeMessages.TileStats.newBuilder()
          .setLayer(s.layer())
          .setSpikes(s.spikes())
          .setSynapses(s.synapses())
          .setShortcutSynapses(s.shortcutSynapses())
          .setHash(s.hash())
          .setMaxInput(s.maxInput()));
    }
    if (m.predictions() != null) {
      RuntimeMessages.IntList.Builder p = RuntimeMessages.IntList.newBuilder();
      for (int v : m.predictions()) {
        p.addValues(v);
      }
      b.setPredictions(p);
    }
    return b.build();
  }

  private static RuntimeMessages.TileCounters tileCounters(ClockActor.TileCounters m) {
    RuntimeMessages.TileCounters.Builder b = RuntimeMessages.TileCounters.newBuilder().setTile(m.tile());
    for (int e : required(m.outEdges(), "TileCounters.outEdges")) {
      b.addOutEdges(e);
    }
    for (long v : required(m.sent(), "TileCounters.sent")) {
      b.addSent(v);
    }
    for (int e : required(m.inEdges(), "TileCounters.inEdges")) {
      b.addInEdges(e);
    }
    for (long v : required(m.received(), "TileCounters.received")) {
      b.addReceived(v);
    }
    for (long v : required(m.integrated(), "TileCounters.integrated")) {
      b.addIntegrated(v);
    }
    return b.build();
  }

  private static RuntimeMessages.TileStatus tileStatus(ClockActor.TileStatus m) {
    RuntimeMessages.TileStatus.Builder b = RuntimeMessages.TileStatus.newBuilder()
        .setBatch(m.batch())
        .setTile(m.tile())
        .setTimestep(m.timestep());
    for (Integer edge : required(m.missingEdges(), "TileStatus.missingEdges")) {
      b.addMissingEdges(required(edge, "TileStatus.missingEdges[i]"));
    }
    return b.build();
  }

  /**
   * A field the runtime never leaves null: null would not survive the wire (protobuf has no
   * null list), so it is refused rather than silently turned into an empty one.
   */
  private static <T> T required(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException("cannot serialize a null " + field);
    }
    return value;
  }

  // ------------------------------------------------------------------------------------------
  // Protobuf to Java.

  private static Object fromInput(CodedInputStream in, String manifest) throws NotSerializableException {
    // Bytes fields (the spike lists) alias the input instead of being copied; safe because they
    // are decoded into Java arrays before this returns and the input is not kept.
    in.enableAliasing(true);
    switch (manifest) {
      case SPIKE_BATCH:
        return spikeBatch(parse(RuntimeMessages.SpikeBatch.parser(), in, manifest));
      case START_BATCH:
        return startBatch(parse(RuntimeMessages.StartBatch.parser(), in, manifest));
      case TICK: {
        RuntimeMessages.Tick p = parse(RuntimeMessages.Tick.parser(), in, manifest);
        return new TileActor.Tick(p.getBatch(), p.getTimestep());
      }
      case END_BATCH:
        return new TileActor.EndBatch(parse(RuntimeMessages.EndBatch.parser(), in, manifest).getBatch());
      case STATUS_REQUEST:
        return new TileActor.StatusRequest(parse(RuntimeMessages.StatusRequest.parser(), in, manifest).getBatch());
      case TILE_DONE:
        return tileDone(parse(RuntimeMessages.TileDone.parser(), in, manifest));
      case RUNTIME_FAILURE: {
        RuntimeMessages.RuntimeFailure p = parse(RuntimeMessages.RuntimeFailure.parser(), in, manifest);
        return new ClockActor.RuntimeFailure(p.getBatch(), p.hasReason() ? p.getReason() : null);
      }
      case TILE_STATUS: {
        RuntimeMessages.TileStatus p = parse(RuntimeMessages.TileStatus.parser(), in, manifest);
        List<Integer> missing = new ArrayList<>(p.getMissingEdgesCount());
        for (int i = 0; i < p.getMissingEdgesCount(); i++) {
          missing.add(p.getMissingEdges(i));
        }
        return new ClockActor.TileStatus(p.getBatch(), p.getTile(), p.getTimestep(), missing);
      }
      case COUNTERS_REQUEST:
        parse(RuntimeMessages.CountersRequest.parser(), in, manifest);
        return new TileActor.CountersRequest();
      case TILE_COUNTERS:
        return tileCounters(parse(RuntimeMessages.TileCounters.parser(), in, manifest));
      default:
        throw new NotSerializableException("unknown manifest '" + manifest + "' for serializer "
            + IDENTIFIER + " (" + RuntimeSerializer.class.getName() + "); known: " + MANIFESTS.values());
    }
  }

  private static ClockActor.TileCounters tileCounters(RuntimeMessages.TileCounters p) {
    if (p.getSentCount() != p.getOutEdgesCount() || p.getReceivedCount() != p.getInEdgesCount()
        || p.getIntegratedCount() != p.getInEdgesCount()) {
      throw new IllegalArgumentException("corrupted TileCounters of tile " + p.getTile() + ": counts for "
          + p.getOutEdgesCount() + " outbound and " + p.getInEdgesCount() + " inbound edges do not match");
    }
    return new ClockActor.TileCounters(p.getTile(), p.getOutEdgesList().stream().mapToInt(Integer::intValue).toArray(),
        p.getSentList().stream().mapToLong(Long::longValue).toArray(),
        p.getInEdgesList().stream().mapToInt(Integer::intValue).toArray(),
        p.getReceivedList().stream().mapToLong(Long::longValue).toArray(),
        p.getIntegratedList().stream().mapToLong(Long::longValue).toArray());
  }

  private static <T> T parse(Parser<T> parser, CodedInputStream in, String manifest) {
    try {
      return parser.parseFrom(in);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("corrupted " + manifest + " message (manifest '" + manifest
          + "'): " + e.getMessage(), e);
    }
  }

  private static TileActor.SpikeBatch spikeBatch(RuntimeMessages.SpikeBatch p) {
    int n = p.getImageCount();
    int listed = p.getImagesCount();
    if (n < 0 || n > MAX_IMAGES || listed > n) {
      throw new IllegalArgumentException(spikeContext(p, -1) + ": " + listed + " images listed, image count "
          + Integer.toUnsignedString(n) + " (at most " + MAX_IMAGES + ")");
    }
    int[][] spikes = new int[n][];
    for (int i = 0; i < listed; i++) {
      try {
        spikes[i] = SpikeCodec.decode(p.getImages(i));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(spikeContext(p, i) + ": " + e.getMessage(), e);
      }
    }
    // Images left out had no spikes; an empty array cannot be written, so one is shared.
    for (int i = listed; i < n; i++) {
      spikes[i] = NO_INTS;
    }
    return new TileActor.SpikeBatch(p.getEdge(), p.getBatch(), p.getTimestep(), p.getSequence(), spikes);
  }

  private static String spikeContext(RuntimeMessages.SpikeBatch p, int image) {
    return "corrupted SpikeBatch on edge " + p.getEdge() + " (batch " + p.getBatch() + ", timestep "
        + p.getTimestep() + ", sequence " + p.getSequence() + (image >= 0 ? ", image " + image : "") + ")";
  }

  private static TileActor.StartBatch startBatch(RuntimeMessages.StartBatch p) {
    long[] indices = new long[p.getIndicesCount()];
    for (int i = 0; i < indices.length; i++) {
      indices[i] = p.getIndices(i);
    }
    int[] labels = new int[p.getLabelsCount()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = p.getLabels(i);
    }
    int[] checkpoints = new int[p.getCheckpointsCount()];
    for (int i = 0; i < checkpoints.length; i++) {
      checkpoints[i] = p.getCheckpoints(i);
    }
    double[][] x = null;
    if (p.hasX()) {
      RuntimeMessages.DoubleMatrix matrix = p.getX();
      x = new double[matrix.getRowsCount()][];
      for (int i = 0; i < x.length; i++) {
        RuntimeMessages.DoubleRow row = matrix.getRows(i);
        double[] values = new double[row.getValuesCount()];
        for (int j = 0; j < values.length; j++) {
          values[j] = row.getValues(j);
        }
        x[i] = values;
      }
    }
    return new TileActor.StartBatch(p.getBatch(), indices, labels, checkpoints, x);
  }

  private static ClockActor.TileDone tileDone(RuntimeMessages.TileDone p) {
    ClockActor.TileStats stats = null;
    if (p.hasStats()) {
      RuntimeMessages.TileStats s = p.getStats();
      stats = new ClockActor.TileStats(s.getLayer(), s.getSpikes(), s.getSynapses(), s.getShortcutSynapses(),
          s.getHash(), s.getMaxInput());
    }
    int[] predictions = null;
    if (p.hasPredictions()) {
      RuntimeMessages.IntList list = p.getPredictions();
      predictions = new int[list.getValuesCount()];
      for (int i = 0; i < predictions.length; i++) {
        predictions[i] = list.getValues(i);
      }
    }
    return new ClockActor.TileDone(p.getBatch(), p.getTimestep(), p.getTile(), stats, predictions);
  }
}
