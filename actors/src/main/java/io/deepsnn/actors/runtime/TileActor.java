package io.deepsnn.actors.runtime;

import io.deepsnn.actors.topology.TopologyPlan;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.Thresholds;
import io.deepsnn.network.snn.TileSteps;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The protocol of a tile actor — one tile of one layer, holding the membrane state of its neurons
 * for every image of the batches in flight — and the factory of its two behaviours: an
 * {@link InputTile} emits its rows' input on the clock's ticks; a {@link NeuronTile} integrates
 * the spike batches of its inbound edges and fires when a timestep is complete. Both run the
 * network module's {@code TileStep}s (no math here) and send each consumer tile the spikes it
 * needs; what a layer does (hidden, output readout, Spike-Norm probe) is its step's class.
 *
 * <p>Every spike batch carries (edge, timestep, sequence): a consumer knows how many batches each
 * timestep needs and which sequence number comes next on each edge, so a lost batch is detected,
 * never silently integrated as silence.
 */
public final class TileActor {
  private TileActor() {
  }

  /** Messages a tile understands. */
  public sealed interface Command permits SpikeBatch, StartBatch, EmitTimestep, FireTimestep, EndBatch, StatusRequest,
      Connect, CountersRequest {
  }

  /** No images: the exits of a timestep in which none exited. */
  public static final int[] NO_EXITS = new int[0];

  /**
   * Spikes of one timestep on one edge, for every image of an image batch: {@code spikes[i]} are
   * the layer-wide channels-last neuron indices that fired for image i (input spikes: negative
   * ones as {@code ~index}). {@code exits}: the images the early-exit rule stopped after the
   * previous timestep, which no tile steps from this one on (each tile passes them on).
   */
  public record SpikeBatch(int edge, int batch, int timestep, long sequence, int[][] spikes, int[] exits)
      implements Command, WireMessage {
    /** A batch announcing no exits. */
    public SpikeBatch(int edge, int batch, int timestep, long sequence, int[][] spikes) {
      this(edge, batch, timestep, sequence, spikes, NO_EXITS);
    }

    /** The number of spikes, over every image. */
    public long spikeCount() {
      return count(spikes);
    }

    /** The number of spikes of {@code spikes}, over every image. */
    static long count(int[][] spikes) {
      long n = 0;
      for (int[] s : spikes) {
        n += s.length;
      }
      return n;
    }
  }

  /**
   * Starts an image batch: the images' data-set indices and labels, the checkpoints, and — for the
   * tiles that read them (the input's, and with analog input the layers it feeds), else null —
   * their normalised values.
   */
  public record StartBatch(int batch, long[] indices, int[] labels, int[] checkpoints, double[][] x)
      implements Command, WireMessage {
  }

  /**
   * An input tile emits timestep {@code timestep} of {@code batch}; {@code exits}: the images the
   * output's early-exit rule stopped after the previous timestep (lockstep timing guarantees the
   * clock knows them by now).
   */
  public record EmitTimestep(int batch, int timestep, int[] exits) implements Command, WireMessage {
    /** A tick announcing no exits. */
    public EmitTimestep(int batch, int timestep) {
      this(batch, timestep, NO_EXITS);
    }
  }

  /** Async timing: a neuron tile fires timestep {@code timestep} of {@code batch} with whatever has arrived. */
  public record FireTimestep(int batch, int timestep) implements Command, WireMessage {
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
  }

  /** The props of tile actors: the compute dispatcher and the instrumented mailbox. */
  public static Props props() {
    return DispatcherSelector.fromConfig("deepsnn.actors.compute-dispatcher")
        .withMailboxFromConfig("deepsnn.actors.instrumented-mailbox");
  }

  /** The behaviour of the tile {@code wiring} describes: an input tile, or a neuron tile. */
  public static Behavior<Command> create(Wiring wiring) {
    return Behaviors.setup(ctx -> wiring.tile().layer() == 0 ? new InputTile(ctx, wiring) : new NeuronTile(ctx, wiring));
  }
}
