package io.deepsnn.actors.runtime;

import io.deepsnn.actors.topology.TopologyPlan;
import io.deepsnn.network.snn.AnalogCurrent;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SimulationResult;
import io.deepsnn.network.snn.SnnInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The clock of one deployment's tiles: it enforces pseudo-simultaneous propagation. Per image
 * batch it starts the batch on every tile, ticks the input tiles as far as the
 * {@link TimestepBarrier} allows (lockstep: one timestep at a time; pipelined: up to
 * {@code pipeline-depth} ahead; async: every tile fires on the ticks, paced by the
 * {@link TickPacer}), gathers the tiles' statistics and the output tile's predictions at the
 * checkpoints into a {@link SimulationResult}, and turns a stall into an error naming the missing
 * edges ({@link StallReport}). Spawning the tiles is the deployment's job ({@link LocalDeployment},
 * or the cluster's {@code TileDeployment}), which then becomes this clock.
 */
public final class ClockActor extends AbstractBehavior<ClockActor.Command> {

  /** Messages the clock understands. */
  public sealed interface Command permits RunBatch, TileDone, RuntimeFailure, TileStatus, CountersRequest, TileCounters,
      Abort, Stop, StallCheck, Pace, DeploymentMessage {
  }

  /**
   * The messages of a deployment that is still setting its tiles up, before it becomes the clock
   * (the cluster's {@code TileDeployment} defines them).
   */
  public non-sealed interface DeploymentMessage extends Command {
  }

  /** Simulate an image batch and reply with its outcome. Local only. */
  public record RunBatch(int batch, List<SnnInput> images, int[] checkpoints, ActorRef<BatchOutcome> replyTo)
      implements Command, NoSerializationVerificationNeeded {
  }

  /**
   * A tile's cumulative counts for one image batch, sent at the checkpoints; {@code maxInput} is
   * a probe tile's largest one-timestep input so far (fixed point; {@code Long.MIN_VALUE} if none).
   */
  public record TileStats(int layer, long spikes, long synapses, long shortcutSynapses, long hash, long maxInput) {
  }

  /**
   * A tile finished a timestep; at checkpoints with its statistics, and (output tile) the
   * predictions of the batch's images; {@code exits} (output tile): the images the early-exit
   * rule stopped after this timestep.
   */
  public record TileDone(int batch, int timestep, int tile, TileStats stats, int[] predictions, int[] exits)
      implements Command, WireMessage {
    /** A report without exits. */
    public TileDone(int batch, int timestep, int tile, TileStats stats, int[] predictions) {
      this(batch, timestep, tile, stats, predictions, TileActor.NO_EXITS);
    }
  }

  /** Something went wrong in a tile (e.g. a lost batch detected by its sequence number). */
  public record RuntimeFailure(int batch, String reason) implements Command, WireMessage {
  }

  /** A tile's answer to a status request: its current timestep and the edges still missing. */
  public record TileStatus(int batch, int tile, int timestep, List<Integer> missingEdges)
      implements Command, WireMessage {
  }

  /** Asks for the conservation counters of every edge. Local only. */
  public record CountersRequest(ActorRef<EdgeCounters> replyTo) implements Command, NoSerializationVerificationNeeded {
  }

  /**
   * A tile's counters: spikes sent per outbound edge; received and integrated per inbound edge,
   * and the lag sum (timestep integrated into minus timestep fired, summed over the spikes).
   */
  public record TileCounters(int tile, int[] outEdges, long[] sent, int[] inEdges, long[] received, long[] integrated,
                             long[] lagSum) implements Command, WireMessage {
  }

  /**
   * The outcome of a batch: a result (with, for a Spike-Norm probe plan, the probe layer's largest
   * one-timestep input), or a failure message; {@code lostNode}, the address of a node hosting
   * tiles that is gone, when that is why it failed (the batch itself may run again elsewhere).
   */
  public record BatchOutcome(int batch, SimulationResult result, long probeMax, String failure, String lostNode) {
  }

  /**
   * The tiles cannot go on (the node {@code lostNode}, hosting some of them, is gone): every image
   * batch in flight, and every later one, fails with {@code reason}. Local only.
   */
  public record Abort(String reason, String lostNode) implements Command, NoSerializationVerificationNeeded {
  }

  /** Stop this clock; when it is a deployment's on cluster nodes, the hosts stop its tiles. Local only. */
  public record Stop() implements Command, NoSerializationVerificationNeeded {
  }

  /** Time to look for stalled image batches. */
  record StallCheck() implements Command, NoSerializationVerificationNeeded {
  }

  /** Async pacing: the next tick of {@code batch} may be due. */
  record Pace(int batch) implements Command, NoSerializationVerificationNeeded {
  }

  /**
   * The clock of {@code tiles}, already spawned and connected to their consumers, in the order of
   * {@code plan.tiles()}.
   */
  public static Behavior<Command> running(ActorContext<Command> ctx, TimerScheduler<Command> timers,
                                          TopologyPlan plan, SimulationOptions options, ActorSettings settings,
                                          List<ActorRef<TileActor.Command>> tiles) {
    requireLockstepForEarlyExit(options, settings);
    return new ClockActor(ctx, timers, plan, options, settings, tiles);
  }

  /**
   * Early exit needs lockstep timing: the input learns an image's exit with the tick after the
   * output decided it, which pipelined and async timing do not wait for (their input runs ahead).
   *
   * @throws IllegalArgumentException otherwise
   */
  public static void requireLockstepForEarlyExit(SimulationOptions options, ActorSettings settings) {
    if (options.earlyExit().enabled() && settings.timing() != Timing.LOCKSTEP) {
      throw new IllegalArgumentException("--early-exit needs --timing lockstep (got " + settings.timing().name()
          .toLowerCase() + "): an image's exit reaches the input with the next tick, and only lockstep waits for it");
    }
  }

  private final TopologyPlan plan;
  private final ActorSettings settings;
  private final TimerScheduler<Command> timers;
  private final List<ActorRef<TileActor.Command>> tiles;
  private final List<ActorRef<TileActor.Command>> inputTiles = new ArrayList<>();
  private final List<ActorRef<TileActor.Command>> neuronTiles = new ArrayList<>();
  /** The tiles that read the images' values: the input's, and with analog input those of the layers it feeds. */
  private final boolean[] needsValues;
  private final Map<Integer, ClockBatch> runs = new HashMap<>();
  /** The tiles nobody consumes: they report every timestep, the others only the checkpoints. */
  private final int sinks;
  private final boolean[] isSink;
  private final int depth;
  private final boolean async;
  /** Why the tiles cannot go on, or null. */
  private Abort aborted;
  private ActorRef<EdgeCounters> countersReplyTo;
  private final List<TileCounters> counters = new ArrayList<>();

  private ClockActor(ActorContext<Command> ctx, TimerScheduler<Command> timers, TopologyPlan plan,
                     SimulationOptions options, ActorSettings settings, List<ActorRef<TileActor.Command>> tiles) {
    super(ctx);
    this.plan = plan;
    this.settings = settings;
    this.timers = timers;
    this.depth = settings.timing() == Timing.LOCKSTEP ? 1 : settings.pipelineDepth();
    this.async = settings.timing() == Timing.ASYNC;
    this.tiles = List.copyOf(tiles);
    this.needsValues = new boolean[tiles.size()];
    this.isSink = new boolean[tiles.size()];
    plan.tiles().forEach(t -> isSink[t.id()] = plan.outbound(t.id()).isEmpty());
    this.sinks = (int) plan.tiles().stream().filter(t -> isSink[t.id()]).count();
    for (TopologyPlan.Tile t : plan.tiles()) {
      (t.layer() == 0 ? inputTiles : neuronTiles).add(tiles.get(t.id()));
      needsValues[t.id()] = t.layer() == 0 || (options.input() == SimulationOptions.InputMode.ANALOG
          && AnalogCurrent.feeds(plan.network().layer(t.layer())));
    }
    Duration every = settings.stallTimeout().dividedBy(4);
    timers.startTimerWithFixedDelay(new StallCheck(), every.isZero() ? Duration.ofMillis(100) : every);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(RunBatch.class, this::onRunBatch)
        .onMessage(TileDone.class, this::onTileDone)
        .onMessage(RuntimeFailure.class, this::onFailure)
        .onMessage(Pace.class, this::onPace)
        .onMessage(StallCheck.class, this::onStallCheck)
        .onMessage(TileStatus.class, this::onTileStatus)
        .onMessage(CountersRequest.class, this::onCountersRequest)
        .onMessage(TileCounters.class, this::onTileCounters)
        .onMessage(Abort.class, this::onAbort)
        .onMessage(Stop.class, m -> Behaviors.stopped())
        .build();
  }

  private Behavior<Command> onRunBatch(RunBatch m) {
    if (aborted != null) {
      m.replyTo().tell(lost(m.batch()));
      return this;
    }
    ClockBatch run = new ClockBatch(m, tiles.size(), sinks, plan.network().size(), depth,
        new TickPacer(async ? settings.tickInterval() : Duration.ZERO, System.nanoTime()));
    runs.put(m.batch(), run);
    int n = m.images().size();
    long[] indices = new long[n];
    int[] labels = new int[n];
    double[][] x = new double[n][];
    for (int i = 0; i < n; i++) {
      indices[i] = m.images().get(i).index();
      labels[i] = m.images().get(i).label();
      x[i] = m.images().get(i).x();
    }
    for (int k = 0; k < tiles.size(); k++) {
      tiles.get(k).tell(new TileActor.StartBatch(m.batch(), indices, labels, m.checkpoints(), needsValues[k] ? x : null));
    }
    tick(run);
    return this;
  }

  /** Ticks every timestep the barrier allows now (async: when its wall-clock time has come). */
  private void tick(ClockBatch run) {
    int batch = run.request.batch();
    for (int t = run.barrier.nextTick(); t >= 0; t = run.barrier.nextTick()) {
      Duration wait = run.pacer.untilDue(t, System.nanoTime());
      if (!wait.isZero()) {
        if (!run.paceScheduled) {
          run.paceScheduled = true;
          timers.startSingleTimer("pace-" + batch, new Pace(batch), wait);
        }
        return;
      }
      run.barrier.ticked(t);
      int[] exits = run.takeExits();
      for (ActorRef<TileActor.Command> input : inputTiles) {
        input.tell(new TileActor.EmitTimestep(batch, t, exits));
      }
      if (async) {
        for (ActorRef<TileActor.Command> tile : neuronTiles) {
          tile.tell(new TileActor.FireTimestep(batch, t));
        }
      }
    }
  }

  private Behavior<Command> onPace(Pace m) {
    ClockBatch run = runs.get(m.batch());
    if (run != null) {
      run.paceScheduled = false;
      tick(run);
    }
    return this;
  }

  private Behavior<Command> onTileDone(TileDone m) {
    ClockBatch run = runs.get(m.batch());
    if (run == null || !run.record(m, isSink[m.tile()])) {
      return this;
    }
    run.lastProgress = System.nanoTime();
    run.diagnosing = false;
    if (run.barrier.finished()) {
      end(run, new BatchOutcome(run.request.batch(), run.result(), run.probeMax(), null, null));
    } else {
      tick(run);
    }
    return this;
  }

  private void end(ClockBatch run, BatchOutcome outcome) {
    runs.remove(run.request.batch());
    for (ActorRef<TileActor.Command> t : tiles) {
      t.tell(new TileActor.EndBatch(run.request.batch()));
    }
    run.request.replyTo().tell(outcome);
  }

  /** The outcome of image batch {@code batch} that failed for {@code reason}. */
  private static BatchOutcome failure(int batch, String reason) {
    return new BatchOutcome(batch, null, Long.MIN_VALUE, "image batch " + batch + ": " + reason, null);
  }

  /** The outcome of image batch {@code batch} that the lost node took down ({@link Abort}). */
  private BatchOutcome lost(int batch) {
    return new BatchOutcome(batch, null, Long.MIN_VALUE, "image batch " + batch + ": " + aborted.reason(),
        aborted.lostNode());
  }

  private Behavior<Command> onFailure(RuntimeFailure m) {
    ClockBatch run = runs.get(m.batch());
    if (run != null) {
      end(run, failure(m.batch(), m.reason()));
    }
    return this;
  }

  private Behavior<Command> onAbort(Abort m) {
    if (aborted == null) {
      aborted = m;
    }
    for (ClockBatch run : new ArrayList<>(runs.values())) {
      end(run, lost(run.request.batch()));
    }
    return this;
  }

  private Behavior<Command> onStallCheck(StallCheck m) {
    long now = System.nanoTime();
    for (ClockBatch run : new ArrayList<>(runs.values())) {
      if (now - run.lastProgress <= settings.stallTimeout().toNanos()) {
        continue;
      }
      if (!run.diagnosing) {
        run.diagnosing = true;
        run.statuses.clear();
        tiles.forEach(t -> t.tell(new TileActor.StatusRequest(run.request.batch())));
      } else {
        reportStall(run);
      }
    }
    return this;
  }

  private Behavior<Command> onTileStatus(TileStatus m) {
    ClockBatch run = runs.get(m.batch());
    if (run != null && run.diagnosing) {
      run.statuses.put(m.tile(), m);
      if (run.statuses.size() == tiles.size()) {
        reportStall(run);
      }
    }
    return this;
  }

  private void reportStall(ClockBatch run) {
    end(run, failure(run.request.batch(), StallReport.describe(plan, run.barrier.completed() + 1,
        settings.stallTimeout(), run.statuses.values())));
  }

  private Behavior<Command> onCountersRequest(CountersRequest m) {
    countersReplyTo = m.replyTo();
    counters.clear();
    tiles.forEach(t -> t.tell(new TileActor.CountersRequest()));
    return this;
  }

  private Behavior<Command> onTileCounters(TileCounters m) {
    counters.add(m);
    if (counters.size() == tiles.size() && countersReplyTo != null) {
      countersReplyTo.tell(EdgeCounters.merge(plan.edges().size(), counters));
      countersReplyTo = null;
    }
    return this;
  }
}
