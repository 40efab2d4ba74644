package io.deepsnn.normalizer.actor;

import io.deepsnn.network.convert.LayerThreshold;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.normalizer.Balancing;
import io.deepsnn.normalizer.ResidualPolicy;
import io.deepsnn.normalizer.SpikeNorm;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Orchestrates Spike-Norm (SEMANTICS §5) on the actor runtime, layer by layer: it asks the
 * algorithm ({@link SpikeNorm}) which layer is next, has its {@link SpikeNorm.Probe} measure that
 * layer — on the actor runtime, an {@link ActorProbe} deploying the network's prefix up to the
 * layer — hands the measurement back and goes on, then replies with the thresholds. A probe's
 * measurement blocks for as long as the layer's run takes, so it runs on Pekko's dispatcher for
 * blocking work, never on this actor's thread.
 */
public final class NormalizerActor extends AbstractBehavior<NormalizerActor.Command> {

  /** Messages the normalizer understands. */
  public sealed interface Command permits Calibrate, Measured {
  }

  /**
   * Calibrate {@code network} under {@code policy} with λ_in {@code inputScale}, measuring with
   * {@code probe}; {@code progress} hears each layer set, then the thresholds go to {@code replyTo}.
   * Local only.
   */
  public record Calibrate(SpikingNetwork network, ResidualPolicy policy, double inputScale, SpikeNorm.Probe probe,
                          Consumer<LayerThreshold> progress, ActorRef<Calibrated> replyTo)
      implements Command, NoSerializationVerificationNeeded {
  }

  /** The result: thresholds, or a failure message. */
  public record Calibrated(Balancing balancing, String failure) {
  }

  /** The probe measured {@code layer} (or failed with {@code error}). */
  private record Measured(int layer, SpikeNorm.Measurement measurement, Throwable error)
      implements Command, NoSerializationVerificationNeeded {
  }

  /** The normalizer's behaviour: one calibration, then it stops. */
  public static Behavior<Command> create() {
    return Behaviors.setup(NormalizerActor::new);
  }

  private final Executor blocking;
  private Calibrate job;
  private SpikeNorm norm;

  private NormalizerActor(ActorContext<Command> ctx) {
    super(ctx);
    this.blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Calibrate.class, this::onCalibrate)
        .onMessage(Measured.class, this::onMeasured)
        .build();
  }

  private Behavior<Command> onCalibrate(Calibrate m) {
    if (job != null) {
      m.replyTo().tell(new Calibrated(null, "a calibration is already running"));
      return this;
    }
    job = m;
    norm = new SpikeNorm(m.network(), m.policy(), m.inputScale());
    return measureNext();
  }

  private Behavior<Command> onMeasured(Measured m) {
    if (m.error() != null) {
      Throwable cause = m.error().getCause() != null ? m.error().getCause() : m.error();
      return finish(new Calibrated(null, "Spike-Norm, layer " + m.layer() + ": " + cause.getMessage()));
    }
    norm.measured(m.layer(), m.measurement(), job.progress());
    return measureNext();
  }

  /** Starts measuring the next layer, or replies when every layer is set. */
  private Behavior<Command> measureNext() {
    int layer = norm.nextLayer(job.progress());
    if (layer < 0) {
      return finish(new Calibrated(norm.result(), null));
    }
    SpikeNorm.Probe probe = job.probe();
    var thresholds = norm.thresholds();
    getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> probe.maxInput(thresholds, layer), blocking),
        (measurement, error) -> new Measured(layer, measurement, error));
    return this;
  }

  /** Replies, and stops: a normalizer serves one calibration. */
  private Behavior<Command> finish(Calibrated result) {
    job.replyTo().tell(result);
    return Behaviors.stopped();
  }
}
