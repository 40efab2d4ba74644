package io.deepsnn.actors.runtime;

import io.deepsnn.actors.topology.TopologyPlan;
import io.deepsnn.network.snn.NeuronStep;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A tile of an IF layer (hidden, output, or a Spike-Norm probe: its steps' class decides). In
 * lockstep and pipelined timing it hands each spike batch of the current timestep to its steps
 * and fires once every inbound edge has delivered ({@link TimestepGate}); batches of later
 * timesteps wait, batches of image batches not started yet wait too ({@link NotStarted}), and a
 * gap in an edge's sequence numbers ({@link EdgeSequences}) fails the batch, naming the edge. In
 * async timing it takes every batch as it comes and fires on the clock's ticks.
 */
final class NeuronTile extends TileBehavior {
  private final List<TopologyPlan.Edge> inbound;
  private final Map<Integer, Integer> localEdge = new HashMap<>();
  private final EdgeSequences sequences;
  private final NotStarted<TileActor.SpikeBatch> notStarted = new NotStarted<>();
  private final boolean async;
  private final long[] receivedSpikes;
  private final long[] integratedSpikes;
  /** Per inbound edge: the sum over integrated spikes of (timestep integrated into - timestep fired). */
  private final long[] lagSum;

  NeuronTile(ActorContext<TileActor.Command> ctx, TileActor.Wiring wiring) {
    super(ctx, wiring);
    this.inbound = wiring.plan().inbound(wiring.tile().id());
    for (int i = 0; i < inbound.size(); i++) {
      localEdge.put(inbound.get(i).id(), i);
    }
    this.sequences = new EdgeSequences(inbound.size());
    this.async = wiring.settings().timing() == Timing.ASYNC;
    this.receivedSpikes = new long[inbound.size()];
    this.integratedSpikes = new long[inbound.size()];
    this.lagSum = new long[inbound.size()];
  }

  @Override
  public Receive<TileActor.Command> createReceive() {
    return commonReceive()
        .onMessage(TileActor.SpikeBatch.class, this::onSpikeBatch)
        .onMessage(TileActor.FireTimestep.class, this::onFireTimestep)
        .build();
  }

  private Behavior<TileActor.Command> onSpikeBatch(TileActor.SpikeBatch m) {
    Integer local = localEdge.get(m.edge());
    if (local == null) {
      fail(m.batch(), "received a batch on edge " + m.edge() + ", which does not end here");
      return this;
    }
    receivedSpikes[local] += m.spikeCount();
    if (!async && !sequences.accept(local, m.sequence())) {
      fail(m.batch(), "edge " + m.edge() + " (from " + source(local) + "): expected batch sequence "
          + sequences.expected(local) + ", got " + m.sequence() + " at timestep " + m.timestep()
          + " — a spike batch was lost");
      return this;
    }
    TileBatch b = batches.get(m.batch());
    if (b == null) {
      if (notStarted.isEarly(m.batch())) {
        notStarted.hold(m.batch(), m);
      } else if (!async) {
        fail(m.batch(), "spikes for an image batch that has already ended");
      }
      // Async: a batch for an image batch already finished is late and dropped.
      return this;
    }
    accept(b, m, local);
    return this;
  }

  private Behavior<TileActor.Command> onFireTimestep(TileActor.FireTimestep m) {
    TileBatch b = batches.get(m.batch());
    if (b != null && async) {
      fire(b, m.timestep());
      b.asyncNext = m.timestep() + 1;
    }
    return this;
  }

  @Override
  void started(TileBatch b) {
    for (TileActor.SpikeBatch m : notStarted.start(b.id)) {
      accept(b, m, localEdge.get(m.edge()));
    }
  }

  /** Takes a spike batch of a started image batch: now (async, or its timestep), or when due. */
  private void accept(TileBatch b, TileActor.SpikeBatch m, int local) {
    if (async) {
      integrate(b, m, local, b.asyncNext);
      return;
    }
    switch (b.gate.offer(local, m.timestep(), m)) {
      case NOW -> {
        integrate(b, m, local, m.timestep());
        fireWhileComplete(b);
      }
      case HELD -> { }
      case DUPLICATE -> fail(b.id, "edge " + m.edge() + " delivered timestep " + m.timestep() + " twice");
      case LATE -> fail(b.id, "edge " + m.edge() + " delivered timestep " + m.timestep() + " after timestep "
          + b.gate.current() + " had completed");
    }
  }

  /** Fires every timestep that is complete, taking the batches held for each next one. */
  private void fireWhileComplete(TileBatch b) {
    while (b.gate.complete()) {
      fire(b, b.gate.current());
      for (TimestepGate.Delivery<TileActor.SpikeBatch> d : b.gate.advance()) {
        integrate(b, d.message(), d.edge(), b.gate.current());
      }
    }
  }

  /**
   * Hands every image's spikes of {@code m} to its step, through the projection of its edge;
   * {@code into} is the timestep they take part in (the producer's own in lockstep and pipelined
   * timing; in async the one this tile fires next, possibly later, or ahead of a tick earlier).
   */
  private void integrate(TileBatch b, TileActor.SpikeBatch m, int local, int into) {
    int p = inbound.get(local).projection();
    long lag = into - m.timestep();
    b.exitsArrived(m.exits());
    for (int i = 0; i < b.steps.length; i++) {
      int[] s = m.spikes()[i];
      ((NeuronStep) b.steps[i]).receive(p, s, s.length);
      integratedSpikes[local] += s.length;
      lagSum[local] += lag * s.length;
    }
  }

  @Override
  int inboundEdges() {
    return inbound.size();
  }

  @Override
  ClockActor.TileStatus status(TileBatch b, int batch) {
    if (b == null) {
      return idle(batch);
    }
    List<Integer> missing = new ArrayList<>();
    for (int local : b.gate.missing()) {
      missing.add(inbound.get(local).id());
    }
    return new ClockActor.TileStatus(batch, wiring.tile().id(), b.gate.current(), missing);
  }

  @Override
  ClockActor.TileCounters counters(int[] outEdges, long[] sent) {
    int[] in = inbound.stream().mapToInt(TopologyPlan.Edge::id).toArray();
    return new ClockActor.TileCounters(wiring.tile().id(), outEdges, sent, in, receivedSpikes.clone(),
        integratedSpikes.clone(), lagSum.clone());
  }

  private String source(int local) {
    return wiring.plan().tiles().get(inbound.get(local).from()).name();
  }
}
