package io.deepsnn.normalizer.actor;

import io.deepsnn.actors.cluster.ClusterSettings;
import io.deepsnn.actors.cluster.Deployment;
import io.deepsnn.actors.cluster.NodeLosses;
import io.deepsnn.actors.cluster.NodeNetwork;
import io.deepsnn.actors.cluster.TileDeployment;
import io.deepsnn.actors.runtime.ActorSettings;
import io.deepsnn.actors.runtime.ClockActor;
import io.deepsnn.actors.runtime.LocalDeployment;
import io.deepsnn.actors.topology.TopologyPlan;
import io.deepsnn.network.convert.LayerThreshold;
import io.deepsnn.network.snn.Fixed;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingLayer;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.snn.Thresholds;
import io.deepsnn.normalizer.Balancing;
import io.deepsnn.normalizer.ResidualPolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.UniqueAddress;

/**
 * Orchestrates Spike-Norm on the actor runtime (SEMANTICS §5): for each layer l in turn it spawns
 * the runtime of the network's prefix up to l — whose layer-l tiles are probes — runs the
 * calibration images through it, takes the largest one-timestep input any tile of layer l saw as
 * θ_l, stops that runtime and goes on with l+1. Residual-unit layers under the unity policy get
 * θ = 1 without a run. The thresholds equal the sequential Spike-Norm's exactly. On cluster
 * nodes, when a node is lost the current layer is measured again on the nodes up — those left,
 * and any that joined since — (same threshold: the measurement depends on nothing but the images).
 */
public final class NormalizerActor extends AbstractBehavior<NormalizerActor.Command> {

  /** Messages the normalizer understands. */
  public interface Command {
  }

  /**
   * Calibrate {@code network} and reply with the thresholds; with {@code cluster} (null: none),
   * each layer's tiles are deployed over that many cluster nodes. Local only.
   */
  public record Calibrate(SpikingNetwork network, List<SnnInput> images, int timesteps, SimulationOptions options,
                          ResidualPolicy policy, ActorSettings settings, ClusterSettings cluster,
                          ActorRef<Calibrated> replyTo)
      implements Command, NoSerializationVerificationNeeded {
  }

  /** The result: thresholds, or a failure message. */
  public record Calibrated(Balancing balancing, String failure) {
  }

  private record Outcome(ClockActor.BatchOutcome outcome) implements Command, NoSerializationVerificationNeeded {
  }

  /** The runtime {@code which} stopped (normally after its layer, or because it failed). */
  private record RuntimeStopped(ActorRef<ClockActor.Command> which) implements Command,
      NoSerializationVerificationNeeded {
  }

  /** A cluster node left or became unreachable. */
  private record NodeGone(UniqueAddress node, boolean unreachable) implements Command, NoSerializationVerificationNeeded {
  }

  /** The normalizer's behaviour. */
  public static Behavior<Command> create() {
    return Behaviors.setup(NormalizerActor::new);
  }

  private final ActorRef<ClockActor.BatchOutcome> outcomes;
  private Calibrate job;
  /** What the cluster nodes hold (when the job uses them). */
  private NodeNetwork nodeNetwork;
  private Thresholds thresholds;
  private final List<LayerThreshold> done = new ArrayList<>();
  private int layer;
  private ActorRef<ClockActor.Command> runtime;
  private int nextImage;
  private int pending;
  private int batchId;
  /** The first batch id of the current runtime: outcomes of earlier ones (a runtime left behind) do not count. */
  private int firstBatchOfRuntime;
  private long max;
  /** Why the current layer was measured again, or "" (recorded as the layer's note). */
  private String remeasured = "";
  /** Cluster nodes lost so far (one entry per incarnation: a node started again is a new one). */
  private final Set<UniqueAddress> lost = new HashSet<>();

  private NormalizerActor(ActorContext<Command> ctx) {
    super(ctx);
    this.outcomes = ctx.messageAdapter(ClockActor.BatchOutcome.class, Outcome::new);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Calibrate.class, this::onCalibrate)
        .onMessage(Outcome.class, this::onOutcome)
        .onMessage(RuntimeStopped.class, this::onRuntimeStopped)
        .onMessage(NodeGone.class, this::onNodeGone)
        .build();
  }

  private Behavior<Command> onCalibrate(Calibrate m) {
    if (job != null) {
      m.replyTo().tell(new Calibrated(null, "a calibration is already running"));
      return this;
    }
    job = m;
    if (m.cluster() != null && m.cluster().nodes() > 1) {
      // A node lost while a layer is measured, or between two layers: the layer is measured again.
      NodeLosses.subscribe(getContext(), NodeGone::new);
    }
    nodeNetwork = new NodeNetwork(m.network(), m.settings());
    thresholds = Thresholds.unset(m.network().size());
    done.clear();
    layer = 0;
    nextLayer();
    return this;
  }

  /** Moves to the next layer: sets θ = 1 for unity layers, or starts the probe runtime. */
  private void nextLayer() {
    while (++layer < job.network().size()) {
      SpikingLayer l = job.network().layer(layer);
      if (job.policy() == ResidualPolicy.UNITY && l.residual()) {
        record(new LayerThreshold(layer, l.name(), Double.NaN, 1, 1, true, ""));
        continue;
      }
      measure();
      return;
    }
    job.replyTo().tell(new Calibrated(new Balancing(thresholds, job.options().inputScale(), List.copyOf(done)), null));
    job = null;
  }

  /** Starts a runtime for {@link #layer} and runs the calibration images through it, from the first. */
  private void measure() {
    runtime = getContext().spawn(layerRuntime(), "spike-norm-layer-" + layer + "-" + batchId);
    getContext().watchWith(runtime, new RuntimeStopped(runtime));
    firstBatchOfRuntime = batchId;
    max = Long.MIN_VALUE;
    nextImage = 0;
    pending = 0;
    submit();
  }

  /** The runtime of the prefix up to {@link #layer}, its tiles here or spread over the cluster. */
  private Behavior<ClockActor.Command> layerRuntime() {
    ClusterSettings cluster = job.cluster();
    if (cluster == null || cluster.nodes() == 1) {
      TopologyPlan plan = new TopologyPlan(job.network(), job.settings().tiling(), layer);
      return LocalDeployment.create(plan, thresholds, job.options(), job.settings());
    }
    // A failed start answers every batch with the failure, so the ready signal is not needed here.
    // After a loss: on the nodes up (a node that joined since included), rather than waiting for all.
    return TileDeployment.create(nodeNetwork, new Deployment(thresholds, job.options(), layer, job.settings()),
        cluster.nodes(), lost.isEmpty() ? cluster.nodes() : 1, cluster.placement(), cluster.startupTimeout(),
        new CompletableFuture<>());
  }

  /** Keeps a bounded number of calibration batches in flight. */
  private void submit() {
    List<SnnInput> images = job.images();
    int b = job.settings().batchImages();
    while (nextImage < images.size() && pending < job.settings().batchesInFlight()) {
      List<SnnInput> part = List.copyOf(images.subList(nextImage, Math.min(images.size(), nextImage + b)));
      nextImage += part.size();
      pending++;
      runtime.tell(new ClockActor.RunBatch(batchId++, part, new int[] {job.timesteps()}, outcomes));
    }
  }

  private Behavior<Command> onOutcome(Outcome m) {
    if (job == null) {
      return this;
    }
    ClockActor.BatchOutcome o = m.outcome();
    if (o.batch() < firstBatchOfRuntime) {
      return this;
    }
    if (o.failure() != null && o.lostNode() != null) {
      // The same loss reaches this actor as NodeGone (both follow cluster membership): measured again there.
      return this;
    }
    if (o.failure() != null) {
      getContext().stop(runtime);
      job.replyTo().tell(new Calibrated(null, "Spike-Norm, layer " + layer + ": " + o.failure()));
      job = null;
      return this;
    }
    max = Math.max(max, o.probeMax());
    pending--;
    if (nextImage < job.images().size()) {
      submit();
    } else if (pending == 0) {
      getContext().stop(runtime);
      SpikingLayer l = job.network().layer(layer);
      double m2 = max == Long.MIN_VALUE ? Double.NaN : Fixed.toDouble(max);
      record(m2 > 0 ? new LayerThreshold(layer, l.name(), m2, 1, m2, false, remeasured)
          : new LayerThreshold(layer, l.name(), m2, 1, 1, false,
              "no positive input on the calibration images; threshold 1" + (remeasured.isEmpty() ? "" : "; "
                  + remeasured)));
      remeasured = "";
      nextLayer();
    }
    return this;
  }

  /** Fails over: measures this layer again without the lost nodes. */
  private void measureAgain(String why) {
    remeasured = "measured again on the nodes up: " + why;
    getContext().getLog().warn("Spike-Norm, layer {}: {}", layer, remeasured);
    getContext().stop(runtime);
    measure();
  }

  private Behavior<Command> onNodeGone(NodeGone m) {
    // A node that leaves is reported as leaving, exiting and removed: the first report is acted on.
    if (job == null || m.node().address().equals(getContext().getSystem().address()) || !lost.add(m.node())) {
      return this;
    }
    NodeLosses.settle(getContext().getSystem(), m.node().address(), m.unreachable());
    measureAgain("node " + m.node().address() + " " + NodeLosses.describe(m.unreachable()));
    return this;
  }

  private Behavior<Command> onRuntimeStopped(RuntimeStopped m) {
    // The current runtime stopped while its layer is still being measured: it failed (e.g. while starting).
    if (job != null && m.which().equals(runtime) && (pending > 0 || nextImage < job.images().size())) {
      job.replyTo().tell(new Calibrated(null, "Spike-Norm, layer " + layer + ": the actor runtime stopped unexpectedly"));
      job = null;
    }
    return this;
  }

  private void record(LayerThreshold t) {
    thresholds = thresholds.with(t.layer(), t.threshold());
    done.add(t);
  }
}
