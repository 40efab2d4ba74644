package io.deepsnn.runner.timing;

import io.deepsnn.actors.runtime.Timing;
import io.deepsnn.network.convert.ConvertedNetwork;
import io.deepsnn.network.io.AtomicFiles;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.runner.pipeline.Pipeline;
import io.deepsnn.runner.pipeline.SimulateSettings;
import io.deepsnn.runner.report.JsonFiles;
import io.deepsnn.runner.report.Plots;
import io.deepsnn.runner.report.ReportBuilder;
import io.deepsnn.runner.report.SnnReport;
import io.deepsnn.runner.report.TextTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The timing experiment's results, as a terminal table and as files: {@code timing.json},
 * {@code timing.csv} (one row per mode and checkpoint), {@code timing.md} (the table and the plots
 * on one page), {@code timing.png} (accuracy vs timesteps per mode) and {@code timing_lag.png}
 * (the mean spike lag per layer of the async modes).
 *
 * @param c the converted network
 * @param options its simulation options
 * @param setup one line saying what ran (network, images, steps, threads, tiles, tick, nodes)
 * @param data the data set's description
 * @param images how many images
 * @param threads simulation threads
 * @param batch images per message
 * @param checkpoints the timesteps accuracy was read at
 * @param outcomes one per mode, the sequential reference first
 */
public record TimingReport(ConvertedNetwork c, SimulationOptions options, String setup, String data, int images,
                           int threads, int batch, int[] checkpoints, List<TimingExperiment.Outcome> outcomes) {

  /** The checkpoint shown beside the last one: about a third of the way. */
  private int early() {
    return Math.min(checkpoints.length - 1, Math.max(0, checkpoints.length / 3 - 1));
  }

  /** One row per mode: accuracy early and last, speed, stability, agreement, lag and drops. */
  public String table() {
    TextTable t = new TextTable("mode", ">T=" + checkpoints[early()], ">T=" + checkpoints[checkpoints.length - 1],
        ">images/s", ">stable after (steps)", ">agrees with sequential", ">spike lag (steps)", ">spikes dropped");
    for (TimingExperiment.Outcome o : outcomes) {
      var r = o.result();
      t.row(o.mode().label(), TextTable.percent(r.accuracy(early())), TextTable.percent(r.accuracy(r.last())),
          String.format("%.1f", o.imagesPerSecond()), String.format("%.1f", o.meanStableTimesteps()),
          TextTable.percent(o.agreement()), String.format("%.2f", o.meanSpikeLag()),
          TextTable.percent(o.droppedSpikes()));
    }
    return t.render();
  }

  /** Writes every file into {@code dir}. */
  public void write(Path dir) throws IOException {
    JsonFiles.write(dir.resolve("timing.json"), json());
    AtomicFiles.writeString(dir.resolve("timing.csv"), csv());
    AtomicFiles.writeString(dir.resolve("timing.md"), markdown());
    Plots.accuracy(reports(), "Accuracy vs timesteps per timing mode", dir.resolve("timing.png"));
    lagPlot(dir.resolve("timing_lag.png"));
  }

  private Map<String, Object> json() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("setup", setup);
    root.put("data", data);
    root.put("images", images);
    root.put("threads", threads);
    List<Map<String, Object>> modes = new ArrayList<>();
    for (TimingExperiment.Outcome o : outcomes) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("mode", o.mode().label());
      m.put("seconds", o.seconds());
      m.put("images_per_second", o.imagesPerSecond());
      m.put("mean_stable_timesteps", o.meanStableTimesteps());
      m.put("agreement_with_sequential", o.agreement());
      m.put("mean_spike_lag_timesteps", o.meanSpikeLag());
      m.put("mean_spike_lag_by_layer", o.meanSpikeLagByLayer());
      m.put("dropped_spike_fraction", o.droppedSpikes());
      m.put("checkpoints", checkpoints);
      m.put("accuracy", IntStream.range(0, checkpoints.length).mapToDouble(o.result()::accuracy).toArray());
      modes.add(m);
    }
    root.put("modes", modes);
    return root;
  }

  private String csv() {
    StringBuilder csv = new StringBuilder("mode,timesteps,accuracy,images_per_second,mean_stable_timesteps,agreement,"
        + "mean_spike_lag,dropped_spikes\n");
    for (TimingExperiment.Outcome o : outcomes) {
      for (int k = 0; k < checkpoints.length; k++) {
        csv.append(String.format(Locale.ROOT, "%s,%d,%.6f,%.3f,%.3f,%.6f,%.4f,%.6f%n", o.mode().label(),
            checkpoints[k], o.result().accuracy(k), o.imagesPerSecond(), o.meanStableTimesteps(), o.agreement(),
            o.meanSpikeLag(), o.droppedSpikes()));
      }
    }
    return csv.toString();
  }

  private String markdown() {
    StringBuilder md = new StringBuilder("# Timing experiment\n\n").append(setup).append(".\n\n");
    md.append("| mode | T=").append(checkpoints[early()]).append(" | T=").append(checkpoints[checkpoints.length - 1])
        .append(" | images/s | stable after (steps) | agrees with sequential | spike lag (steps) | spikes dropped |\n")
        .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (TimingExperiment.Outcome o : outcomes) {
      var r = o.result();
      md.append(String.format(Locale.ROOT, "| %s | %.2f %% | %.2f %% | %.1f | %.1f | %.2f %% | %.2f | %.2f %% |%n",
          o.mode().label(), 100 * r.accuracy(early()), 100 * r.accuracy(r.last()), o.imagesPerSecond(),
          o.meanStableTimesteps(), 100 * o.agreement(), o.meanSpikeLag(), 100 * o.droppedSpikes()));
    }
    md.append("\nSpike lag: the timestep a spike is integrated into minus the one it was fired in (0 under "
        + "pseudo-simultaneous propagation; the per-layer plot shows 0 for a layer no spike reached); dropped: "
        + "spikes that arrived after their image batch had ended.\n\n")
        .append("![accuracy vs timesteps](timing.png)\n\n![spike lag per layer](timing_lag.png)\n");
    return md.toString();
  }

  /** Each mode as a report, for the accuracy plot. */
  private List<SnnReport> reports() {
    List<SnnReport> reports = new ArrayList<>();
    for (TimingExperiment.Outcome o : outcomes) {
      SimulateSettings ss = new SimulateSettings(checkpoints, null, null, options.readout(), options.kernel(), threads,
          batch, ReportBuilder.PJ_PER_AC, ReportBuilder.PJ_PER_MAC, null);
      reports.add(ReportBuilder.build(o.mode().label(), Pipeline.settingsOf(c, Pipeline.options(c, ss)), c.network(),
          c.thresholds(), null, o.result(), data, Double.NaN, o.seconds(), threads, ReportBuilder.PJ_PER_AC,
          ReportBuilder.PJ_PER_MAC));
    }
    return reports;
  }

  /** Mean spike lag of every layer that integrates spikes (not the input), one series per async mode. */
  private void lagPlot(Path png) throws IOException {
    var layers = c.network().layers().subList(1, c.network().size());
    List<String> names = layers.stream().map(l -> Plots.layerLabel(l.index(), l.name())).toList();
    Map<String, double[]> series = new LinkedHashMap<>();
    for (TimingExperiment.Outcome o : outcomes) {
      if (o.mode().timing() == Timing.ASYNC) {
        double[] lag = o.meanSpikeLagByLayer();
        series.put(o.mode().label(), Arrays.copyOfRange(lag, 1, lag.length));
      }
    }
    if (series.isEmpty()) {
      // Lockstep and pipelined propagate pseudo-simultaneously: no lag to draw.
      series.put("lockstep / pipelined", new double[names.size()]);
    }
    Plots.layerBars("Mean spike lag per layer (timesteps between firing and integration)", "timesteps late", names,
        series, png);
  }
}
