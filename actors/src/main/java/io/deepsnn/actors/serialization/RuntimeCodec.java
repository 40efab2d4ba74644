package io.deepsnn.actors.serialization;

import static io.deepsnn.actors.serialization.RuntimeSerializer.COUNTERS_REQUEST;
import static io.deepsnn.actors.serialization.RuntimeSerializer.EMIT_TIMESTEP;
import static io.deepsnn.actors.serialization.RuntimeSerializer.END_BATCH;
import static io.deepsnn.actors.serialization.RuntimeSerializer.FIRE_TIMESTEP;
import static io.deepsnn.actors.serialization.RuntimeSerializer.IDENTIFIER;
import static io.deepsnn.actors.serialization.RuntimeSerializer.MAX_IMAGES;
import static io.deepsnn.actors.serialization.RuntimeSerializer.RUNTIME_FAILURE;
import static io.deepsnn.actors.serialization.RuntimeSerializer.SPIKE_BATCH;
import static io.deepsnn.actors.serialization.RuntimeSerializer.START_BATCH;
import static io.deepsnn.actors.serialization.RuntimeSerializer.STATUS_REQUEST;
import static io.deepsnn.actors.serialization.RuntimeSerializer.TILE_COUNTERS;
import static io.deepsnn.actors.serialization.RuntimeSerializer.TILE_DONE;
import static io.deepsnn.actors.serialization.RuntimeSerializer.TILE_STATUS;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.deepsnn.actors.runtime.ClockActor;
import io.deepsnn.actors.runtime.TileActor;
import io.deepsnn.protocol.runtime.RuntimeMessages;
import java.io.NotSerializableException;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire form of the spike and control messages of the tiles and the clock (everything but the
 * deployment messages, see {@link DeploymentCodec}): Java records to and from the protobuf messages
 * of {@code runtime_messages.proto}. Stateless. Used by {@link RuntimeSerializer}, which owns the
 * manifests and the error conventions.
 */
final class RuntimeCodec {
  private static final int[] NO_INTS = new int[0];

  private RuntimeCodec() {
  }

  // ------------------------------------------------------------------------------------------
  // Java to protobuf.

  static MessageLite toProto(Object o) {
    if (o instanceof TileActor.SpikeBatch m) {
      return spikeBatch(m);
    } else if (o instanceof TileActor.StartBatch m) {
      return startBatch(m);
    } else if (o instanceof TileActor.EmitTimestep m) {
      RuntimeMessages.Tick.Builder b = RuntimeMessages.Tick.newBuilder().setBatch(m.batch()).setTimestep(m.timestep());
      for (int i : required(m.exits(), "EmitTimestep.exits")) {
        b.addExits(i);
      }
      return b.build();
    } else if (o instanceof TileActor.FireTimestep m) {
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
    throw RuntimeSerializer.unknownClass(o.getClass());
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
    for (int i : required(m.exits(), "SpikeBatch.exits")) {
      b.addExits(i);
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
    for (int i : required(m.exits(), "TileDone.exits")) {
      b.addExits(i);
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
    for (long v : required(m.lagSum(), "TileCounters.lagSum")) {
      b.addLagSum(v);
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

  static Object fromInput(CodedInputStream in, String manifest) throws NotSerializableException {
    // Bytes fields (the spike lists) alias the input instead of being copied; safe because they
    // are decoded into Java arrays before this returns and the input is not kept.
    in.enableAliasing(true);
    switch (manifest) {
      case SPIKE_BATCH:
        return spikeBatch(parse(RuntimeMessages.SpikeBatch.parser(), in, manifest));
      case START_BATCH:
        return startBatch(parse(RuntimeMessages.StartBatch.parser(), in, manifest));
      case EMIT_TIMESTEP: {
        RuntimeMessages.Tick p = parse(RuntimeMessages.Tick.parser(), in, manifest);
        return new TileActor.EmitTimestep(p.getBatch(), p.getTimestep(), exits(p.getExitsList(), manifest));
      }
      case FIRE_TIMESTEP: {
        RuntimeMessages.Tick p = parse(RuntimeMessages.Tick.parser(), in, manifest);
        return new TileActor.FireTimestep(p.getBatch(), p.getTimestep());
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
            + IDENTIFIER + " (" + RuntimeSerializer.class.getName() + "); known: "
            + RuntimeSerializer.supportedClasses().stream().map(RuntimeSerializer::manifestOf).toList());
    }
  }

  private static ClockActor.TileCounters tileCounters(RuntimeMessages.TileCounters p) {
    if (p.getSentCount() != p.getOutEdgesCount() || p.getReceivedCount() != p.getInEdgesCount()
        || p.getIntegratedCount() != p.getInEdgesCount() || p.getLagSumCount() != p.getInEdgesCount()) {
      throw new IllegalArgumentException("corrupted TileCounters of tile " + p.getTile() + ": counts for "
          + p.getOutEdgesCount() + " outbound and " + p.getInEdgesCount() + " inbound edges do not match");
    }
    return new ClockActor.TileCounters(p.getTile(), p.getOutEdgesList().stream().mapToInt(Integer::intValue).toArray(),
        p.getSentList().stream().mapToLong(Long::longValue).toArray(),
        p.getInEdgesList().stream().mapToInt(Integer::intValue).toArray(),
        p.getReceivedList().stream().mapToLong(Long::longValue).toArray(),
        p.getIntegratedList().stream().mapToLong(Long::longValue).toArray(),
        p.getLagSumList().stream().mapToLong(Long::longValue).toArray());
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
    return new TileActor.SpikeBatch(p.getEdge(), p.getBatch(), p.getTimestep(), p.getSequence(), spikes,
        exits(p.getExitsList(), spikeContext(p, -1)));
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
    return new ClockActor.TileDone(p.getBatch(), p.getTimestep(), p.getTile(), stats, predictions,
        exits(p.getExitsList(), "TileDone of tile " + p.getTile()));
  }

  /** Early-exit image lists: image indices of a batch, so at most {@code MAX_IMAGES} below it. */
  private static int[] exits(List<Integer> list, String context) {
    if (list.isEmpty()) {
      return TileActor.NO_EXITS;
    }
    if (list.size() > MAX_IMAGES) {
      throw new IllegalArgumentException(context + ": " + list.size() + " exits, more than the " + MAX_IMAGES
          + " images a batch may have");
    }
    int[] e = new int[list.size()];
    for (int i = 0; i < e.length; i++) {
      e[i] = list.get(i);
      if (e[i] < 0 || e[i] >= MAX_IMAGES) {
        throw new IllegalArgumentException(context + ": exit of image " + Integer.toUnsignedString(e[i])
            + ", beyond the " + MAX_IMAGES + " images a batch may have");
      }
    }
    return e;
  }
}
