package io.deepsnn.actors.runtime;

import io.deepsnn.actors.topology.TopologyPlan;
import io.deepsnn.network.snn.NeuronStep;
import io.deepsnn.network.snn.OutputStep;
import io.deepsnn.network.snn.ProbeStep;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SpikingLayer;
import io.deepsnn.network.snn.Thresholds;
import io.deepsnn.network.snn.TileStep;
import io.deepsnn.network.snn.TileSteps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One tile of one layer: the membrane state of its neurons for every image of the batches in
 * flight. It integrates each incoming spike batch with the network module's kernels (no math
 * here), fires when a timestep is complete, and sends each consumer tile the spikes it needs.
 * Input tiles generate their rows' Poisson spikes on the clock's ticks; the output tile also
 * counts output spikes and reads out predictions at the checkpoints. The tiles of a Spike-Norm
 * probe layer integrate but never fire: they report the largest one-timestep input instead.
 *
 * <p>Every batch carries (edge, timestep, sequence): a consumer knows how many batches each
 * timestep needs and which sequence number comes next on each edge, so a lost batch is detected,
 * never silently integrated less.
 */
public final class TileActor extends AbstractBehavior<TileActor.Command> {

  /** Messages a tile understands. */
  public interface Command {
  }

  /**
   * Spikes of one timestep on one edge, for every image of an image batch: {@code spikes[i]} are
   * the layer-wide channels-last neuron indices that fired for image i (input spikes: negative
   * ones as {@code ~index}).
   */
  public record SpikeBatch(int edge, int batch, int timestep, long sequence, int[][] spikes)
      implements Command, WireMessage {
  }

  /**
   * Starts an image batch: the images' data-set indices and labels, the checkpoints, and (for
   * input tiles only, else null) their normalised values.
   */
  public record StartBatch(int batch, long[] indices, int[] labels, int[] checkpoints, double[][] x)
      implements Command, WireMessage {
  }

  /** Emit (input tiles) or fire (async mode) timestep {@code timestep} of {@code batch}. */
  public record Tick(int batch, int timestep) implements Command, WireMessage {
  }

  /** Forget an image batch. */
  public record EndBatch(int batch) implements Command, WireMessage {
  }

  /** Asks which inbound edges have not delivered the current timestep (stall diagnosis). */
  public record StatusRequest(int batch) implements Command, WireMessage {
  }

  /**
   * Gives a tile spawned on another node (see {@code io.deepsnn.actors.cluster}) the refs of its
   * consumer tiles, by outbound edge id; the clock sends it before any image batch.
   */
  public record Connect(Map<Integer, ActorRef<Command>> consumers) implements Command, WireMessage {
  }

  /** Asks for the conservation counters (spikes sent, received, integrated per edge). */
  public record CountersRequest() implements Command, WireMessage {
  }

  /**
   * What a tile needs to know about its place in the topology. {@code consumers} (outbound edge id
   * to consumer tile) may be filled later by a {@link Connect}.
   */
  public record Wiring(TopologyPlan plan, TopologyPlan.Tile tile, TileSteps steps, ActorSettings settings,
                       ActorRef<ClockActor.Command> clock, Map<Integer, ActorRef<Command>> consumers) {
    /**
     * The wiring of {@code tile}: its steps simulate with {@code thresholds} and {@code options}
     * (the probe layer of a Spike-Norm plan measures instead of firing).
     */
    public static Wiring of(TopologyPlan plan, TopologyPlan.Tile tile, Thresholds thresholds, SimulationOptions options,
                            ActorSettings settings, ActorRef<ClockActor.Command> clock,
                            Map<Integer, ActorRef<Command>> consumers) {
      TileSteps steps = new TileSteps(plan.network(), thresholds, options, plan.isProbe() ? plan.lastLayer() : -1);
      return new Wiring(plan, tile, steps, settings, clock, consumers);
    }

    /** The simulation options. */
    public SimulationOptions options() {
      return steps.options();
    }
  }

  /** A tile behaviour. */
  public static Behavior<Command> create(Wiring wiring) {
    return Behaviors.setup(ctx -> new TileActor(ctx, wiring));
  }

  private final Wiring w;
  private final TopologyPlan.Tile tile;
  private final SpikingLayer layer;
  private final List<TopologyPlan.Edge> inbound;
  private final Map<Integer, Integer> inboundIndex = new HashMap<>();
  private final long[] expectedSequence;
  private final long[] receivedSpikes;
  private final long[] integratedSpikes;
  /** Per inbound edge: the sum over integrated spikes of (timestep integrated into - timestep fired). */
  private final long[] lagSum;
  private final Map<Integer, TileBatch> batches = new HashMap<>();
  /**
   * Spikes of image batches this tile has not started yet: across nodes, a producer's spikes can
   * overtake the clock's StartBatch (they travel on another connection).
   */
  private final Map<Integer, List<SpikeBatch>> beforeStart = new HashMap<>();
  /** The newest image batch started (batches start in increasing order); -1 before the first. */
  private int lastStarted = -1;
  private final boolean isInput;
  private final boolean async;
  private final Outbox outbox;

  private TileActor(ActorContext<Command> ctx, Wiring wiring) {
    super(ctx);
    this.w = wiring;
    this.tile = wiring.tile();
    this.layer = wiring.plan().network().layer(tile.layer());
    this.inbound = wiring.plan().inbound(tile.id());
    for (int i = 0; i < inbound.size(); i++) {
      inboundIndex.put(inbound.get(i).id(), i);
    }
    this.expectedSequence = new long[inbound.size()];
    this.receivedSpikes = new long[inbound.size()];
    this.integratedSpikes = new long[inbound.size()];
    this.lagSum = new long[inbound.size()];
    this.isInput = layer.role() == SpikingLayer.Role.INPUT;
    this.async = wiring.settings().timing() == Timing.ASYNC;
    this.outbox = new Outbox(wiring);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Connect.class, this::onConnect)
        .onMessage(StartBatch.class, this::onStartBatch)
        .onMessage(SpikeBatch.class, this::onSpikeBatch)
        .onMessage(Tick.class, this::onTick)
        .onMessage(EndBatch.class, this::onEndBatch)
        .onMessage(StatusRequest.class, this::onStatusRequest)
        .onMessage(CountersRequest.class, this::onCountersRequest)
        .build();
  }

  private Behavior<Command> onConnect(Connect m) {
    w.consumers().putAll(m.consumers());
    return this;
  }

  private Behavior<Command> onStartBatch(StartBatch m) {
    TileBatch b = new TileBatch(m, w, w.steps(), inbound.size());
    batches.put(m.batch(), b);
    lastStarted = Math.max(lastStarted, m.batch());
    List<SpikeBatch> waiting = beforeStart.remove(m.batch());
    if (waiting != null) {
      for (SpikeBatch sb : waiting) {
        accept(b, sb, inboundIndex.get(sb.edge()));
      }
    }
    return this;
  }

  private Behavior<Command> onTick(Tick m) {
    TileBatch b = batches.get(m.batch());
    if (b == null) {
      return this;
    }
    if (!isInput) {
      if (async) {
        b.current = m.timestep();
        complete(b);
      }
      return this;
    }
    outbox.send(getContext(), b.id, m.timestep(), stepAll(b, m.timestep()));
    done(b, m.timestep());
    return this;
  }

  private Behavior<Command> onSpikeBatch(SpikeBatch m) {
    Integer local = inboundIndex.get(m.edge());
    if (local == null) {
      fail(m.batch(), "received a batch on edge " + m.edge() + ", which does not end here");
      return this;
    }
    receivedSpikes[local] += count(m.spikes());
    if (!async) {
      if (m.sequence() != expectedSequence[local]) {
        fail(m.batch(), "edge " + m.edge() + " (from " + w.plan().tiles().get(inbound.get(local).from()).name()
            + "): expected batch sequence " + expectedSequence[local] + ", got " + m.sequence() + " at timestep "
            + m.timestep() + " — a spike batch was lost");
        return this;
      }
      expectedSequence[local]++;
    }
    TileBatch b = batches.get(m.batch());
    if (b == null) {
      if (m.batch() > lastStarted) {
        beforeStart.computeIfAbsent(m.batch(), k -> new ArrayList<>()).add(m);
      } else if (!async) {
        fail(m.batch(), "spikes for an image batch that has already ended");
      }
      // Async: a batch for an image batch already finished is late and dropped.
      return this;
    }
    accept(b, m, local);
    return this;
  }

  /** Takes a spike batch of a started image batch: now (async, or its timestep), or when due. */
  private void accept(TileBatch b, SpikeBatch m, int local) {
    if (async) {
      integrateAll(b, m, local);
      return;
    }
    if (m.timestep() > b.current) {
      // Pipelined: a producer is already on a later timestep; keep the batch until we get there.
      b.early.computeIfAbsent(m.timestep(), t -> new ArrayList<>()).add(m);
      return;
    }
    if (m.timestep() < b.current) {
      fail(m.batch(), "edge " + m.edge() + " delivered timestep " + m.timestep() + " after timestep " + b.current
          + " had completed");
      return;
    }
    integrate(b, m);
  }

  /** Hands every image's spikes of {@code m} to its step, through the projection of its edge. */
  private void integrateAll(TileBatch b, SpikeBatch m, int local) {
    int p = inbound.get(local).projection();
    // The timestep these spikes take part in is the next one this tile fires: the producer's own
    // in lockstep and pipelined timing, possibly a later (or, ahead of a tick, an earlier) one in async.
    long lag = b.current - m.timestep();
    for (int i = 0; i < b.steps.length; i++) {
      int[] s = m.spikes()[i];
      ((NeuronStep) b.steps[i]).receive(p, s, s.length);
      integratedSpikes[local] += s.length;
      lagSum[local] += lag * s.length;
    }
  }

  /** Runs timestep {@code t} of every image; their spikes, copied. */
  private static int[][] stepAll(TileBatch b, int t) {
    int[][] fired = new int[b.steps.length][];
    for (int i = 0; i < fired.length; i++) {
      TileStep step = b.steps[i];
      int n = step.step(t);
      fired[i] = Arrays.copyOf(step.spikes(), n);
    }
    return fired;
  }

  /** The number of spikes of every image. */
  static long count(int[][] spikes) {
    long n = 0;
    for (int[] s : spikes) {
      n += s.length;
    }
    return n;
  }

  /** Integrates a batch of the current timestep; completes the timestep once every edge has delivered. */
  private void integrate(TileBatch b, SpikeBatch m) {
    int local = inboundIndex.get(m.edge());
    if (b.receivedForCurrent[local]) {
      fail(b.id, "edge " + m.edge() + " delivered timestep " + m.timestep() + " twice");
      return;
    }
    b.receivedForCurrent[local] = true;
    integrateAll(b, m, local);
    if (++b.received == inbound.size()) {
      complete(b);
    }
  }

  /** Fires timestep {@code b.current}, sends the spikes on, and moves to the next timestep. */
  private void complete(TileBatch b) {
    while (true) {
      int t = b.current;
      outbox.send(getContext(), b.id, t, stepAll(b, t));
      done(b, t);
      b.current = t + 1;
      b.received = 0;
      Arrays.fill(b.receivedForCurrent, false);
      List<SpikeBatch> early = async ? null : b.early.remove(b.current);
      if (early == null) {
        return;
      }
      for (SpikeBatch sb : early) {
        int local = inboundIndex.get(sb.edge());
        b.receivedForCurrent[local] = true;
        integrateAll(b, sb, local);
        b.received++;
      }
      if (b.received < inbound.size()) {
        return;
      }
    }
  }

  /** Reports timestep t done to the clock, with statistics and predictions at checkpoints. */
  private void done(TileBatch b, int t) {
    ClockActor.TileStats stats = null;
    int[] predictions = null;
    if (b.nextCheckpoint < b.checkpoints.length && t + 1 == b.checkpoints[b.nextCheckpoint]) {
      long spikes = 0;
      long synapses = 0;
      long shortcut = 0;
      long hash = 0;
      long maxInput = Long.MIN_VALUE;
      for (TileStep step : b.steps) {
        spikes += step.emitted();
        synapses += step.synapses();
        shortcut += step.shortcutSynapses();
        hash += step.hash();
        if (step instanceof ProbeStep p) {
          maxInput = Math.max(maxInput, p.maxInput());
        }
      }
      stats = new ClockActor.TileStats(tile.layer(), spikes, synapses, shortcut, hash, maxInput);
      if (b.steps.length > 0 && b.steps[0] instanceof OutputStep) {
        predictions = new int[b.steps.length];
        for (int i = 0; i < predictions.length; i++) {
          predictions[i] = ((OutputStep) b.steps[i]).predict();
        }
      }
      b.nextCheckpoint++;
    }
    w.clock().tell(new ClockActor.TileDone(b.id, t, tile.id(), stats, predictions));
  }

  private Behavior<Command> onEndBatch(EndBatch m) {
    batches.remove(m.batch());
    return this;
  }

  private Behavior<Command> onStatusRequest(StatusRequest m) {
    TileBatch b = batches.get(m.batch());
    List<Integer> missing = new ArrayList<>();
    int t = -1;
    if (b != null && !isInput) {
      t = b.current;
      for (int i = 0; i < inbound.size(); i++) {
        if (!b.receivedForCurrent[i]) {
          missing.add(inbound.get(i).id());
        }
      }
    }
    w.clock().tell(new ClockActor.TileStatus(m.batch(), tile.id(), t, missing));
    return this;
  }

  private Behavior<Command> onCountersRequest(CountersRequest m) {
    int[] out = outbox.edgeIds();
    int[] in = inbound.stream().mapToInt(TopologyPlan.Edge::id).toArray();
    w.clock().tell(new ClockActor.TileCounters(tile.id(), out, outbox.sentSpikes(), in, receivedSpikes.clone(),
        integratedSpikes.clone(), lagSum.clone()));
    return this;
  }

  private void fail(int batch, String reason) {
    w.clock().tell(new ClockActor.RuntimeFailure(batch, "tile " + tile.name() + ": " + reason));
  }
}
