package io.deepsnn.actors.runtime;

import io.deepsnn.actors.topology.TopologyPlan;
import io.deepsnn.network.snn.AnalogCurrent;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SimulationResult;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.Thresholds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The clock, and the root of one network's actors: it spawns a tile actor for every tile of the
 * topology plan and enforces pseudo-simultaneous propagation. In lockstep the input tiles get the
 * tick of timestep t+1 only when every tile has reported t done; in pipelined mode they may run up
 * to {@code pipeline-depth} timesteps ahead (every tile still takes its timesteps whole and in
 * order). It gathers the tiles' statistics and the output tile's predictions at the checkpoints
 * into a {@link SimulationResult}, and turns a stall into an error that names the missing edges.
 */
public final class ClockActor extends AbstractBehavior<ClockActor.Command> {

  /** Messages the clock understands. */
  public interface Command {
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
   * predictions of the batch's images.
   */
  public record TileDone(int batch, int timestep, int tile, TileStats stats, int[] predictions)
      implements Command, WireMessage {
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
   * One edge's counters: spikes sent, received and integrated, and the sum of their lags in
   * timesteps (0 under pseudo-simultaneous propagation).
   */
  public record EdgeCount(int edge, long sent, long received, long integrated, long lagSum) {
    /** True when every spike sent was received and integrated. */
    public boolean conserved() {
      return sent == received && received == integrated;
    }
  }

  /** The counters of every edge. */
  public record EdgeCounters(List<EdgeCount> edges) {
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

  private record StallCheck() implements Command, NoSerializationVerificationNeeded {
  }

  /** Async pacing: the next tick of {@code batch} may be due. */
  private record Pace(int batch) implements Command, NoSerializationVerificationNeeded {
  }

  /** The root behaviour for {@code plan}: spawns every tile here, then runs the clock. */
  public static Behavior<Command> create(TopologyPlan plan, Thresholds thresholds, SimulationOptions options,
                                         ActorSettings settings) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new ClockActor(ctx, timers, plan, options, settings, spawnTiles(ctx, plan, thresholds, options, settings))));
  }

  /**
   * The clock of tiles spawned elsewhere (on other nodes, see {@code io.deepsnn.actors.cluster})
   * and already connected to their consumers; {@code tiles} in the order of {@code plan.tiles()}.
   */
  public static Behavior<Command> running(ActorContext<Command> ctx, TimerScheduler<Command> timers,
                                          TopologyPlan plan, SimulationOptions options, ActorSettings settings,
                                          List<ActorRef<TileActor.Command>> tiles) {
    return new ClockActor(ctx, timers, plan, options, settings, tiles);
  }

  /** The props of tile actors: the compute dispatcher and the instrumented mailbox. */
  public static org.apache.pekko.actor.typed.Props tileProps() {
    return DispatcherSelector.fromConfig("deepsnn.actors.compute-dispatcher")
        .withMailboxFromConfig("deepsnn.actors.instrumented-mailbox");
  }

  /** Spawns a tile actor for every tile of {@code plan}; refs in plan order. */
  private static List<ActorRef<TileActor.Command>> spawnTiles(ActorContext<Command> ctx, TopologyPlan plan,
      Thresholds thresholds, SimulationOptions options, ActorSettings settings) {
    // Spawn consumers before producers, so every tile knows its consumers' refs from the start.
    Map<Integer, ActorRef<TileActor.Command>> byId = new HashMap<>();
    List<TopologyPlan.Tile> all = plan.tiles();
    for (int k = all.size() - 1; k >= 0; k--) {
      TopologyPlan.Tile t = all.get(k);
      Map<Integer, ActorRef<TileActor.Command>> consumers = new HashMap<>();
      for (TopologyPlan.Edge e : plan.outbound(t.id())) {
        consumers.put(e.id(), byId.get(e.to()));
      }
      TileActor.Wiring wiring = TileActor.Wiring.of(plan, t, thresholds, options, settings, ctx.getSelf(), consumers);
      byId.put(t.id(), ctx.spawn(TileActor.create(wiring), t.name(), tileProps()));
    }
    List<ActorRef<TileActor.Command>> tiles = new ArrayList<>();
    for (TopologyPlan.Tile t : all) {
      tiles.add(byId.get(t.id()));
    }
    return tiles;
  }

  private final TopologyPlan plan;
  private final ActorSettings settings;
  private final List<ActorRef<TileActor.Command>> tiles;
  private final List<ActorRef<TileActor.Command>> inputTiles = new ArrayList<>();
  /** The tiles that read the images' values: the input's, and with analog input those of the layers it feeds. */
  private final boolean[] needsValues;
  private final Map<Integer, ClockBatch> runs = new HashMap<>();
  private final int depth;
  private final TimerScheduler<Command> timers;
  /** Async timing: every tile gets every tick and fires on it, with whatever has arrived. */
  private final boolean async;
  /** Why the tiles cannot go on, or null. */
  private Abort aborted;

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
    for (TopologyPlan.Tile t : plan.tiles()) {
      if (t.layer() == 0) {
        inputTiles.add(tiles.get(t.id()));
      }
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
        .onMessage(TileStatus.class, this::onTileStatus)
        .onMessage(StallCheck.class, m -> onStallCheck())
        .onMessage(Pace.class, this::onPace)
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
    ClockBatch run = new ClockBatch(m, plan.network().size());
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

  /**
   * Issues ticks up to {@code depth} timesteps past the last completed one — and, in async timing
   * with a tick interval, no earlier than the wall-clock time of each timestep.
   */
  private void tick(ClockBatch run) {
    long interval = async ? settings.tickInterval().toNanos() : 0;
    while (run.ticked + 1 < run.timesteps && run.ticked + 1 <= run.completed + depth) {
      if (interval > 0) {
        long due = run.started + (run.ticked + 1) * interval;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          if (!run.paceScheduled) {
            run.paceScheduled = true;
            timers.startSingleTimer("pace-" + run.request.batch(), new Pace(run.request.batch()),
                Duration.ofNanos(wait));
          }
          return;
        }
      }
      run.ticked++;
      for (ActorRef<TileActor.Command> t : async ? tiles : inputTiles) {
        t.tell(new TileActor.Tick(run.request.batch(), run.ticked));
      }
    }
  }

  private ActorRef<EdgeCounters> countersReplyTo;
  private final List<TileCounters> counters = new ArrayList<>();

  private Behavior<Command> onCountersRequest(CountersRequest m) {
    countersReplyTo = m.replyTo();
    counters.clear();
    tiles.forEach(t -> t.tell(new TileActor.CountersRequest()));
    return this;
  }

  private Behavior<Command> onTileCounters(TileCounters m) {
    counters.add(m);
    if (counters.size() == tiles.size() && countersReplyTo != null) {
      long[] sent = new long[plan.edges().size()];
      long[] received = new long[sent.length];
      long[] integrated = new long[sent.length];
      long[] lagSum = new long[sent.length];
      for (TileCounters c : counters) {
        for (int k = 0; k < c.outEdges().length; k++) {
          sent[c.outEdges()[k]] += c.sent()[k];
        }
        for (int k = 0; k < c.inEdges().length; k++) {
          received[c.inEdges()[k]] += c.received()[k];
          integrated[c.inEdges()[k]] += c.integrated()[k];
          lagSum[c.inEdges()[k]] += c.lagSum()[k];
        }
      }
      List<EdgeCount> edges = new ArrayList<>();
      for (int e = 0; e < sent.length; e++) {
        edges.add(new EdgeCount(e, sent[e], received[e], integrated[e], lagSum[e]));
      }
      countersReplyTo.tell(new EdgeCounters(edges));
      countersReplyTo = null;
    }
    return this;
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
    if (run == null) {
      return this;
    }
    run.record(m);
    boolean progressed = false;
    while (run.completed + 1 < run.timesteps && run.doneCount[run.completed + 1] == tiles.size()) {
      run.completed++;
      progressed = true;
    }
    if (progressed) {
      run.lastProgress = System.nanoTime();
      run.diagnosing = false;
      if (run.completed == run.timesteps - 1) {
        finish(run);
      } else {
        tick(run);
      }
    }
    return this;
  }

  private void finish(ClockBatch run) {
    end(run, new BatchOutcome(run.request.batch(), run.result(), run.probeMax, null, null));
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

  private Behavior<Command> onStallCheck() {
    long now = System.nanoTime();
    for (ClockBatch run : new ArrayList<>(runs.values())) {
      boolean stalled = now - run.lastProgress > settings.stallTimeout().toNanos();
      if (!stalled) {
        continue;
      }
      if (!run.diagnosing) {
        run.diagnosing = true;
        run.statuses.clear();
        for (ActorRef<TileActor.Command> t : tiles) {
          t.tell(new TileActor.StatusRequest(run.request.batch()));
        }
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

  /** Fails a stalled batch, naming the tiles that wait and the edges whose batches never came. */
  private void reportStall(ClockBatch run) {
    int t = run.completed + 1;
    StringBuilder sb = new StringBuilder("timestep " + t + " never completed (no progress for "
        + settings.stallTimeout().toSeconds() + " s)");
    boolean any = false;
    for (TileStatus s : run.statuses.values()) {
      if (s.timestep() == t && !s.missingEdges().isEmpty()) {
        for (int e : s.missingEdges()) {
          TopologyPlan.Edge edge = plan.edges().get(e);
          sb.append(any ? "; " : ": ").append("tile ").append(plan.tiles().get(s.tile()).name())
              .append(" is missing the batch of edge ").append(e).append(" from ")
              .append(plan.tiles().get(edge.from()).name());
          any = true;
        }
      }
    }
    sb.append(any ? " — a spike batch was lost" : "; no tile reported a missing edge");
    end(run, failure(run.request.batch(), sb.toString()));
  }
}
