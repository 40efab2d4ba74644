package io.deepsnn.runner.timing;

import io.deepsnn.actors.runtime.ActorSettings;
import io.deepsnn.actors.cluster.ClusterSettings;
import io.deepsnn.actors.runtime.NodeNetwork;
import io.deepsnn.actors.runtime.ActorSimulator;
import io.deepsnn.actors.runtime.ClockActor;
import io.deepsnn.actors.runtime.EdgeCounters;
import io.deepsnn.runner.pipeline.ActorRuntimes;
import io.deepsnn.actors.runtime.Deployment;
import io.deepsnn.actors.runtime.RuntimeSession;
import io.deepsnn.actors.runtime.DelayModel;
import io.deepsnn.actors.runtime.SpikeLag;
import io.deepsnn.actors.runtime.Timing;
import io.deepsnn.actors.topology.TopologyPlan;
import io.deepsnn.network.convert.ConvertedNetwork;
import io.deepsnn.network.snn.SequentialSimulator;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SimulationResult;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the same images under each timing mode — the sequential reference, lockstep, pipelined,
 * and async with each delay model — and measures accuracy vs timesteps, images per second, the
 * latency to a stable answer, how often each mode agrees with the reference, and — from the
 * runtime's edge counters — how late spikes arrive (the mean lag, in timesteps, between the
 * timestep a spike is fired in and the one its consumer integrates it into; 0 under
 * pseudo-simultaneous propagation) and how many never take part (sent after the consumer had
 * finished the image batch).
 */
public final class TimingExperiment {
  private TimingExperiment() {
  }

  /** One mode to run. */
  public record Mode(String label, Timing timing, DelayModel delay) {
  }

  /**
   * What one mode gave.
   *
   * @param result the simulation result
   * @param seconds wall time
   * @param imagesPerSecond images per second of wall time
   * @param meanStableTimesteps mean over images of the first checkpoint from which the prediction
   *     never changes again
   * @param agreement fraction of predictions at the last checkpoint equal to the reference's
   * @param meanSpikeLag mean over integrated spikes of (timestep integrated into - timestep fired)
   * @param meanSpikeLagByLayer the same for the spikes each layer integrates (index 0, the input: 0)
   * @param droppedSpikes fraction of the spikes sent between tiles that were never integrated
   */
  public record Outcome(Mode mode, SimulationResult result, double seconds, double imagesPerSecond,
                        double meanStableTimesteps, double agreement, double meanSpikeLag,
                        double[] meanSpikeLagByLayer, double droppedSpikes) {
  }

  /** The modes for the given async delay models. */
  public static List<Mode> modes(List<DelayModel> asyncDelays) {
    List<Mode> m = new ArrayList<>();
    m.add(new Mode("sequential", null, DelayModel.NONE));
    m.add(new Mode("lockstep", Timing.LOCKSTEP, DelayModel.NONE));
    m.add(new Mode("pipelined", Timing.PIPELINED, DelayModel.NONE));
    for (DelayModel d : asyncDelays) {
      m.add(new Mode(d.kind() == DelayModel.Kind.NONE ? "async" : "async " + d.kind().name().toLowerCase() + " "
          + d.mean().toNanos() / 1e6 + " ms", Timing.ASYNC, d));
    }
    return m;
  }

  /** Runs every mode on {@code images}; {@code log} receives one line per mode. */
  public static List<Outcome> run(ConvertedNetwork c, SimulationOptions options, List<SnnInput> images,
                                  int[] checkpoints, List<Mode> modes, ActorSettings base, Consumer<String> log) {
    return run(c, options, images, checkpoints, modes, base, null, log);
  }

  /**
   * As {@link #run(ConvertedNetwork, SimulationOptions, List, int[], List, ActorSettings, Consumer)},
   * with the actor modes' tiles spread over the cluster nodes {@code cluster} asks for (null: one),
   * started once for all modes (each mode is a deployment of its own on them).
   */
  public static List<Outcome> run(ConvertedNetwork c, SimulationOptions options, List<SnnInput> images,
                                  int[] checkpoints, List<Mode> modes, ActorSettings base, ClusterSettings cluster,
                                  Consumer<String> log) {
    SpikingNetwork net = c.network();
    List<Outcome> out = new ArrayList<>();
    SimulationResult reference = null;
    try (RuntimeSession session = ActorRuntimes.open(new NodeNetwork(net, base), cluster, ActorRuntimes.NET_FILE,
        log)) {
      boolean announced = false;
      for (Mode mode : modes) {
        // The nodes are said once: each mode is a deployment on the same nodes.
        Consumer<String> deployLog = announced ? line -> { } : log;
        announced |= mode.timing() != null;
        Measured m = measure(mode, c, options, images, checkpoints, base, session, deployLog);
        SimulationResult r = m.result();
        if (reference == null) {
          reference = r;
        }
        SpikeLag lag = SpikeLag.of(m.counters());
        Outcome o = new Outcome(mode, r, m.seconds(), images.size() / m.seconds(), meanStable(r),
            agreement(reference, r), lag.meanLag(), m.lagByLayer(), lag.droppedFraction());
        log.accept(String.format("  %-28s accuracy %.2f %% at T=%d, %.1f images/s, stable after %.1f steps, "
                + "agrees with the reference on %.1f %%, spike lag %.2f steps, %.2f %% of spikes dropped",
            mode.label(), 100 * r.accuracy(r.last()), r.checkpoints()[r.last()], o.imagesPerSecond(),
            o.meanStableTimesteps(), 100 * o.agreement(), o.meanSpikeLag(), 100 * o.droppedSpikes()));
        out.add(o);
      }
    }
    return out;
  }

  /** A run of one mode: its result, wall time, the runtime's edge counters and their mean lag per layer. */
  private record Measured(SimulationResult result, double seconds, List<EdgeCounters.EdgeCount> counters,
                          double[] lagByLayer) {
  }

  /** Runs one mode; the wall time is the run's own (starting a runtime, or waiting for nodes, not counted). */
  private static Measured measure(Mode mode, ConvertedNetwork c, SimulationOptions options, List<SnnInput> images,
                                  int[] checkpoints, ActorSettings base, RuntimeSession session,
                                  Consumer<String> log) {
    if (mode.timing() == null) {
      long start = System.nanoTime();
      SimulationResult r = new SequentialSimulator(c.network(), c.thresholds(), options).run(images, checkpoints);
      // Pseudo-simultaneous by construction: no lag, nothing dropped.
      return new Measured(r, (System.nanoTime() - start) / 1e9, List.of(), new double[c.network().size()]);
    }
    try (ActorSimulator sim = ActorRuntimes.deploy(session, Deployment.whole(c.thresholds(), options,
        base.withTiming(mode.timing()).withDelay(mode.delay())), log)) {
      long start = System.nanoTime();
      SimulationResult r = sim.run(images, checkpoints);
      double seconds = (System.nanoTime() - start) / 1e9;
      List<EdgeCounters.EdgeCount> counters = sim.counters();
      return new Measured(r, seconds, counters, lagByLayer(sim.plan(), counters));
    }
  }

  /** The mean lag of the spikes each layer integrates (0 where none). */
  static double[] lagByLayer(TopologyPlan plan, List<EdgeCounters.EdgeCount> counters) {
    int layers = plan.network().size();
    long[] lag = new long[layers];
    long[] integrated = new long[layers];
    for (EdgeCounters.EdgeCount e : counters) {
      int layer = plan.tiles().get(plan.edges().get(e.edge()).to()).layer();
      lag[layer] += e.lagSum();
      integrated[layer] += e.integrated();
    }
    double[] mean = new double[layers];
    for (int l = 0; l < layers; l++) {
      mean[l] = integrated[l] == 0 ? 0 : (double) lag[l] / integrated[l];
    }
    return mean;
  }

  /** Mean over images of the first checkpoint from which the prediction stays the final one. */
  static double meanStable(SimulationResult r) {
    double sum = 0;
    int[] cps = r.checkpoints();
    for (int[] p : r.predictions()) {
      int c = cps.length - 1;
      while (c > 0 && p[c - 1] == p[cps.length - 1]) {
        c--;
      }
      sum += cps[c];
    }
    return r.images() == 0 ? Double.NaN : sum / r.images();
  }

  private static double agreement(SimulationResult reference, SimulationResult r) {
    int same = 0;
    int last = r.last();
    for (int i = 0; i < r.images(); i++) {
      same += r.predictions()[i][last] == reference.predictions()[i][last] ? 1 : 0;
    }
    return r.images() == 0 ? Double.NaN : (double) same / r.images();
  }
}
