package io.deepsnn.runner.pipeline;

import io.deepsnn.actors.runtime.ActorSimulator;
import io.deepsnn.actors.runtime.Deployment;
import io.deepsnn.actors.runtime.NodeNetwork;
import io.deepsnn.actors.runtime.RuntimeSession;
import io.deepsnn.actors.runtime.RuntimeStats;
import io.deepsnn.actors.runtime.SpikeLag;
import io.deepsnn.actors.runtime.Timing;
import io.deepsnn.network.convert.ConvertedNetwork;
import io.deepsnn.network.convert.LayerThreshold;
import io.deepsnn.network.data.ImageDataset;
import io.deepsnn.network.snn.SequentialSimulator;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SimulationResult;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.runner.report.ReportBuilder;
import io.deepsnn.runner.report.SnnReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/** Simulates a converted network on a data set and builds its report. */
public final class Pipeline {
  private Pipeline() {
  }

  /** The simulation options of a run: the network's calibration settings, overridden by {@code s}. */
  public static SimulationOptions options(ConvertedNetwork c, SimulateSettings s) {
    SimulationOptions o = c.simulationOptions().withReadout(s.readout()).withKernel(s.kernel())
        .withEarlyExit(s.earlyExit());
    if (s.reset() != null) {
      o = o.withReset(s.reset());
    }
    if (s.seed() != null) {
      o = o.withSeed(s.seed());
    }
    return o;
  }

  /** Simulates {@code c} on every image of {@code data} (already limited) and reports. */
  public static SnnReport simulate(String label, ConvertedNetwork c, ImageDataset data, SimulateSettings s,
                                   double annAccuracy) {
    return simulate(label, c, data, s, annAccuracy, null, line -> { });
  }

  /**
   * As {@link #simulate(String, ConvertedNetwork, ImageDataset, SimulateSettings, double)}, resuming
   * from {@code snapshot} where it holds a partial result of this run, and saving one there every
   * {@link #SNAPSHOT_EVERY_SECONDS} seconds (the sequential runtime only; null: no snapshots). The
   * caller deletes the snapshot once the finished run is stored.
   *
   * @param log told when the run resumes, or why a snapshot is not used
   */
  public static SnnReport simulate(String label, ConvertedNetwork c, ImageDataset data, SimulateSettings s,
                                   double annAccuracy, RunSnapshot snapshot, Consumer<String> log) {
    SpikingNetwork net = c.network();
    SimulationOptions o = options(c, s);
    long start = System.nanoTime();
    double before = 0;
    SimulationResult r;
    try (Progress progress = Progress.start("SNN " + label, data.size())) {
      if (s.actors() != null) {
        try (RuntimeSession session = ActorRuntimes.open(new NodeNetwork(c.network(), s.actors()), s.cluster(),
            ActorRuntimes.NET_FILE, log);
             ActorSimulator sim = ActorRuntimes.deploy(session, Deployment.whole(c.thresholds(), o, s.actors()), log)) {
          RuntimeStats.Traffic sentBefore = session.traffic();
          r = ActorStreaming.run(sim, data, c.normalization(), s.timesteps(), s.actors(), progress::step);
          String traffic = ActorRuntimes.trafficLine(session.traffic().since(sentBefore), r.images(),
              session.othersElsewhere());
          if (!traffic.isEmpty()) {
            log.accept(traffic);
          }
          sim.failovers().forEach(lost -> log.accept("failover: " + lost + "; the unfinished image batches ran there"));
          if (s.actors().timing() == Timing.ASYNC) {
            log.accept("async timing: " + SpikeLag.of(sim.counters()).describe());
          }
        }
      } else {
        SequentialSimulator sim = new SequentialSimulator(net, c.thresholds(), o);
        SimulationResult resumeFrom = null;
        if (snapshot != null) {
          var partial = snapshot.load(s.timesteps(), log);
          if (partial.isPresent()) {
            resumeFrom = partial.get().result();
            before = partial.get().seconds();
            log.accept(String.format("resuming %s at image %d of %d (snapshot %s)", label, resumeFrom.images(),
                data.size(), snapshot.file()));
            progress.resumeAt(resumeFrom.images());
          }
        }
        r = ParallelSimulation.run(sim, data, c.normalization(), s.timesteps(), s.threads(), s.batch(), resumeFrom,
            saver(snapshot, start, before), progress::step);
      }
    }
    double seconds = before + (System.nanoTime() - start) / 1e9;
    boolean[] unity = new boolean[net.size()];
    for (LayerThreshold l : c.layers()) {
      unity[l.layer()] = l.unity();
    }
    return ReportBuilder.build(label, settingsOf(c, o), net, c.thresholds(), unity, r, data.describe(), annAccuracy,
        seconds, s.threads(), s.pjPerAc(), s.pjPerMac());
  }

  /** Seconds between two snapshots of a long run. */
  public static final double SNAPSHOT_EVERY_SECONDS = 60;

  /** Saves the merged result into {@code snapshot} at most every {@link #SNAPSHOT_EVERY_SECONDS}. */
  private static Consumer<SimulationResult> saver(RunSnapshot snapshot, long start, double before) {
    if (snapshot == null) {
      return r -> { };
    }
    long[] last = {System.nanoTime()};
    return r -> {
      long now = System.nanoTime();
      if ((now - last[0]) / 1e9 < SNAPSHOT_EVERY_SECONDS) {
        return;
      }
      last[0] = now;
      try {
        snapshot.save(r, before + (now - start) / 1e9);
      } catch (IOException e) {
        throw new UncheckedIOException(snapshot.file() + ": cannot write the snapshot: " + e.getMessage(), e);
      }
    };
  }

  /** The report's description of how {@code c} was converted and simulated with {@code o}. */
  public static SnnReport.Settings settingsOf(ConvertedNetwork c, SimulationOptions o) {
    var conv = c.conversion();
    return new SnnReport.Settings(conv.method(), conv.percentile(), conv.residualPolicy(),
        ConvertSettings.label(o.reset()), ConvertSettings.label(o.input()), o.readout().name().toLowerCase(),
        o.kernel().name().toLowerCase(), o.seed(), o.inputScale(), conv.inputScaleRule(), conv.calibrationImages(),
        conv.calibrationSteps(), o.vInit(), conv.calibrationTargetSteps(),
        o.earlyExit().enabled() ? o.earlyExit().toString() : null);
  }
}
