package io.deepsnn.actors.serialization;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.deepsnn.actors.cluster.TileDeployment;
import io.deepsnn.actors.cluster.TileHost;
import io.deepsnn.actors.runtime.Deployment;
import io.deepsnn.actors.runtime.ActorSettings;
import io.deepsnn.actors.runtime.DelayModel;
import io.deepsnn.actors.runtime.TileActor;
import io.deepsnn.actors.runtime.Timing;
import io.deepsnn.actors.topology.Tiling;
import io.deepsnn.network.snn.Thresholds;
import java.time.Duration;
import io.deepsnn.network.snn.EarlyExit;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.protocol.runtime.RuntimeMessages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;

/**
 * The wire form of the messages that deploy tiles on several nodes; unlike the spike and clock
 * messages they carry actor refs, so they need the {@link ActorRefResolver} of an actor system.
 * Used by {@link RuntimeSerializer}.
 */
final class DeploymentCodec {
  private final ActorRefResolver resolver;

  DeploymentCodec(ActorRefResolver resolver) {
    this.resolver = resolver;
  }

  /** Whether {@code type} is one of the deployment messages. */
  static boolean handles(Class<?> type) {
    return type == TileActor.Connect.class || type == TileHost.SpawnTiles.class
        || type == TileDeployment.TilesSpawned.class;
  }

  MessageLite toProto(Object o) {
    if (o instanceof TileActor.Connect m) {
      RuntimeMessages.Connect.Builder b = RuntimeMessages.Connect.newBuilder();
      m.consumers().forEach((edge, ref) -> b.putConsumers(edge, ref(ref)));
      return b.build();
    } else if (o instanceof TileHost.SpawnTiles m) {
      Deployment d = m.what();
      RuntimeMessages.SpawnTiles.Builder b = RuntimeMessages.SpawnTiles.newBuilder()
          .setFingerprint(m.fingerprint()).setClock(ref(m.clock())).setReplyTo(ref(m.replyTo()))
          .setProbeLayer(d.probeLayer()).setOptions(options(d.options())).setSettings(settings(d.settings()));
      for (int t : m.tiles()) {
        b.addTiles(t);
      }
      for (double t : d.thresholds().values()) {
        b.addThresholds(t);
      }
      for (int l = 1; l < d.thresholds().size(); l++) {
        double[] c = d.thresholds().correction(l);
        if (c != null) {
          RuntimeMessages.BiasCorrection.Builder bc = RuntimeMessages.BiasCorrection.newBuilder().setLayer(l);
          for (double v : c) {
            bc.addPerChannel(v);
          }
          b.addBiasCorrections(bc);
        }
      }
      return b.build();
    }
    TileDeployment.TilesSpawned m = (TileDeployment.TilesSpawned) o;
    RuntimeMessages.TilesSpawned.Builder b = RuntimeMessages.TilesSpawned.newBuilder().setNode(m.node());
    for (int t : m.tiles()) {
      b.addTiles(t);
    }
    m.refs().forEach(r -> b.addRefs(ref(r)));
    if (m.failure() != null) {
      b.setFailure(m.failure());
    }
    return b.build();
  }

  Object fromInput(CodedInputStream in, String manifest) throws IOException {
    switch (manifest) {
      case RuntimeSerializer.CONNECT -> {
        Map<Integer, ActorRef<TileActor.Command>> consumers = new HashMap<>();
        RuntimeMessages.Connect.parseFrom(in).getConsumersMap().forEach((edge, ref) -> consumers.put(edge, resolve(ref)));
        return new TileActor.Connect(consumers);
      }
      case RuntimeSerializer.SPAWN_TILES -> {
        RuntimeMessages.SpawnTiles p = RuntimeMessages.SpawnTiles.parseFrom(in);
        Thresholds th = new Thresholds(p.getThresholdsList().stream().mapToDouble(Double::doubleValue).toArray());
        for (RuntimeMessages.BiasCorrection c : p.getBiasCorrectionsList()) {
          if (c.getLayer() < 1 || c.getLayer() >= th.size()) {
            throw new InvalidProtocolBufferException("SpawnTiles: a bias correction for layer " + c.getLayer()
                + " of a network of " + th.size() + " layers");
          }
          th = th.withCorrection(c.getLayer(), c.getPerChannelList().stream().mapToDouble(Double::doubleValue)
              .toArray());
        }
        Deployment d = new Deployment(th, options(p.getOptions()), p.getProbeLayer(), settings(p.getSettings()));
        return new TileHost.SpawnTiles(p.getFingerprint(), d,
            p.getTilesList().stream().mapToInt(Integer::intValue).toArray(), resolve(p.getClock()),
            resolve(p.getReplyTo()));
      }
      case RuntimeSerializer.TILES_SPAWNED -> {
        RuntimeMessages.TilesSpawned p = RuntimeMessages.TilesSpawned.parseFrom(in);
        if (p.getRefsCount() != 0 && p.getRefsCount() != p.getTilesCount()) {
          throw new InvalidProtocolBufferException("TilesSpawned from " + p.getNode() + ": " + p.getRefsCount()
              + " refs for " + p.getTilesCount() + " tiles");
        }
        List<ActorRef<TileActor.Command>> refs = new ArrayList<>();
        p.getRefsList().forEach(r -> refs.add(resolve(r)));
        return new TileDeployment.TilesSpawned(p.getNode(), p.getTilesList().stream().mapToInt(Integer::intValue)
            .toArray(), refs, p.hasFailure() ? p.getFailure() : null);
      }
      default -> throw new IllegalArgumentException("not a deployment manifest: " + manifest);
    }
  }

  private static RuntimeMessages.SimulationOptions options(SimulationOptions o) {
    return RuntimeMessages.SimulationOptions.newBuilder().setReset(o.reset().name()).setInput(o.input().name())
        .setReadout(o.readout().name()).setSeed(o.seed()).setInputScale(o.inputScale()).setKernel(o.kernel().name())
        .setDenseAbove(o.denseAbove()).setVInit(o.vInit()).setEarlyExitWindow(o.earlyExit().window())
        .setEarlyExitMargin(o.earlyExit().margin()).build();
  }

  private static SimulationOptions options(RuntimeMessages.SimulationOptions p) throws IOException {
    try {
      return new SimulationOptions(SimulationOptions.Reset.valueOf(p.getReset()),
          SimulationOptions.InputMode.valueOf(p.getInput()), SimulationOptions.Readout.valueOf(p.getReadout()),
          p.getSeed(), p.getInputScale(), SimulationOptions.KernelMode.valueOf(p.getKernel()), p.getDenseAbove(),
          p.getVInit(), new EarlyExit(p.getEarlyExitWindow(), p.getEarlyExitMargin()));
    } catch (IllegalArgumentException e) {
      throw new InvalidProtocolBufferException("SpawnTiles options: " + e.getMessage());
    }
  }

  private static RuntimeMessages.RuntimeSettings settings(ActorSettings s) {
    return RuntimeMessages.RuntimeSettings.newBuilder().setTilesPerLayer(s.tiling().count())
        .setMaxNeuronsPerTile(s.tiling().maxNeurons()).setTiming(s.timing().name())
        .setPipelineDepth(s.pipelineDepth()).setDelay(s.delay().kind().name())
        .setDelayMeanNanos(s.delay().mean().toNanos()).setDelaySeed(s.delay().seed())
        .setTickIntervalNanos(s.tickInterval().toNanos()).build();
  }

  /** The coordinator's tiling and timing, over defaults for the rest (each node keeps its own). */
  private static ActorSettings settings(RuntimeMessages.RuntimeSettings p) throws IOException {
    try {
      return ActorSettings.defaults(1).withTiling(new Tiling(p.getTilesPerLayer(), p.getMaxNeuronsPerTile()))
          .withTiming(Timing.valueOf(p.getTiming())).withPipelineDepth(p.getPipelineDepth())
          .withDelay(new DelayModel(DelayModel.Kind.valueOf(p.getDelay()), Duration.ofNanos(p.getDelayMeanNanos()),
              p.getDelaySeed()))
          .withTickInterval(Duration.ofNanos(p.getTickIntervalNanos()));
    } catch (IllegalArgumentException e) {
      throw new InvalidProtocolBufferException("SpawnTiles settings: " + e.getMessage());
    }
  }

  private String ref(ActorRef<?> ref) {
    if (ref == null) {
      throw new IllegalArgumentException("a deployment message carries a null actor ref");
    }
    return resolver.toSerializationFormat(ref);
  }

  private <T> ActorRef<T> resolve(String ref) {
    return resolver.resolveActorRef(ref);
  }
}
