package io.deepsnn.runner.cli;

import io.deepsnn.actors.cluster.ClusterSettings;
import io.deepsnn.actors.runtime.ActorSettings;
import io.deepsnn.actors.runtime.DelayModel;
import io.deepsnn.actors.runtime.Durations;
import io.deepsnn.actors.runtime.Timing;
import io.deepsnn.actors.topology.Tiling;
import io.deepsnn.network.convert.ConvertedNetwork;
import io.deepsnn.network.convert.ConvertedNetworkFile;
import io.deepsnn.network.data.Datasets;
import io.deepsnn.network.data.ImageDataset;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.runner.pipeline.Images;
import io.deepsnn.runner.pipeline.Pipeline;
import io.deepsnn.runner.pipeline.SimulateSettings;
import io.deepsnn.runner.report.JsonFiles;
import io.deepsnn.runner.report.Plots;
import io.deepsnn.runner.report.ReportBuilder;
import io.deepsnn.runner.report.ReportFiles;
import io.deepsnn.runner.report.SnnReport;
import io.deepsnn.runner.report.TextTable;
import io.deepsnn.runner.timing.TimingExperiment;
import io.deepsnn.network.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code snn experiment timing}: the same images under every timing mode of the actor runtime. */
@Command(name = "timing", mixinStandardHelpOptions = true,
    description = "Run the same images sequentially and on the actor runtime in lockstep, pipelined and async "
        + "timing (with injected delays) and compare accuracy vs timesteps, images per second and the latency "
        + "to a stable answer.")
public final class TimingCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NET.snn", description = "A network written by 'snn convert'.")
  Path network;

  @Mixin
  DataOptions dataOptions;

  @Mixin
  CommonOptions common;

  @Option(names = "--images", paramLabel = "N", defaultValue = "200", description = "Images (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(names = "--timesteps", paramLabel = "T", defaultValue = "300",
      description = "Timesteps; accuracy is read every --every steps (default: ${DEFAULT-VALUE}).")
  int timesteps;

  @Option(names = "--every", paramLabel = "K", defaultValue = "10",
      description = "Checkpoint spacing in timesteps (default: ${DEFAULT-VALUE}).")
  int every;

  @Option(names = "--tiles", paramLabel = "N|max=NEURONS", defaultValue = "2",
      description = "Tiles per layer (default: ${DEFAULT-VALUE}).")
  String tiles;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "8", description = "Images per message (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--pipeline-depth", paramLabel = "K", defaultValue = "4",
      description = "Pipelined and async: timesteps ahead (default: ${DEFAULT-VALUE}).")
  int depth;

  @Option(names = "--delays", paramLabel = "D1,D2,...", defaultValue = "none,uniform:1ms,exponential:1ms",
      description = "Async runs, one per delay model (default: ${DEFAULT-VALUE}).")
  String delays;

  @Option(names = "--tick", paramLabel = "DURATION", defaultValue = "1ms",
      description = "Async runs: wall-clock length of one timestep, so that a delay of that length is one "
          + "timestep late; 0 runs free (default: ${DEFAULT-VALUE}).")
  String tick;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "snn-timing",
      description = "Folder for timing.json, timing.csv and timing.png (default: ${DEFAULT-VALUE}).")
  Path outDir;

  @Mixin
  ClusterOptions clusterOptions;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ClusterSettings cluster = clusterOptions.settings();
    if (timesteps < 1 || every < 1 || images < 1) {
      throw new IllegalArgumentException("--images, --timesteps and --every must be positive");
    }
    ConvertedNetwork c = ConvertedNetworkFile.read(network);
    ImageDataset data = Datasets.limit(dataOptions.open(c.graph().inputShape()), images);
    List<SnnInput> in = Images.load(data, c.normalization());
    int[] cps = IntStream.rangeClosed(1, timesteps / every).map(k -> k * every).toArray();
    if (cps.length == 0 || cps[cps.length - 1] != timesteps) {
      cps = IntStream.concat(Arrays.stream(cps), IntStream.of(timesteps)).toArray();
    }
    List<DelayModel> models = new ArrayList<>();
    for (String d : delays.split(",")) {
      models.add(DelayModel.parse(d.trim(), 1));
    }
    int threads = common.threads();
    ActorSettings base = ActorSettings.defaults(threads).withTiling(Tiling.parse(tiles)).withBatchImages(batch)
        .withPipelineDepth(depth).withTickInterval(tick.equals("0") ? java.time.Duration.ZERO
            : Durations.parse(tick));
    var options = c.simulationOptions();
    out.println("timing experiment: " + network.getFileName() + ", " + in.size() + " images of " + data.describe()
        + ", " + timesteps + " steps, " + threads + " thread(s), tiles " + tiles + ", async tick " + tick
        + (cluster.nodes() > 1 ? ", " + cluster.nodes() + " cluster nodes (" + cluster.placement().label() + ")"
        : ""));
    out.flush();
    List<TimingExperiment.Outcome> outcomes = TimingExperiment.run(c, options, in, cps,
        TimingExperiment.modes(models), base, cluster, line -> {
          out.println(line);
          out.flush();
        });
    TextTable t = new TextTable("mode", ">T=" + cps[Math.min(cps.length - 1, Math.max(0, cps.length / 3 - 1))],
        ">T=" + cps[cps.length - 1], ">images/s", ">stable after (steps)", ">agrees with sequential",
        ">spike lag (steps)", ">spikes dropped");
    List<SnnReport> reports = new ArrayList<>();
    StringBuilder csv = new StringBuilder("mode,timesteps,accuracy,images_per_second,mean_stable_timesteps,agreement,"
        + "mean_spike_lag,dropped_spikes\n");
    for (TimingExperiment.Outcome o : outcomes) {
      var r = o.result();
      int third = Math.min(cps.length - 1, Math.max(0, cps.length / 3 - 1));
      t.row(o.mode().label(), TextTable.percent(r.accuracy(third)), TextTable.percent(r.accuracy(r.last())),
          String.format("%.1f", o.imagesPerSecond()), String.format("%.1f", o.meanStableTimesteps()),
          TextTable.percent(o.agreement()), String.format("%.2f", o.meanSpikeLag()),
          TextTable.percent(o.droppedSpikes()));
      for (int k = 0; k < cps.length; k++) {
        csv.append(String.format(Locale.ROOT, "%s,%d,%.6f,%.3f,%.3f,%.6f,%.4f,%.6f%n", o.mode().label(), cps[k],
            r.accuracy(k), o.imagesPerSecond(), o.meanStableTimesteps(), o.agreement(), o.meanSpikeLag(),
            o.droppedSpikes()));
      }
      SimulateSettings ss = new SimulateSettings(cps, null, null, options.readout(), options.kernel(), threads, batch,
          ReportBuilder.PJ_PER_AC, ReportBuilder.PJ_PER_MAC, null);
      reports.add(ReportBuilder.build(o.mode().label(), Pipeline.settingsOf(c, Pipeline.options(c, ss)), c.network(),
          c.thresholds(), null, r, data.describe(), Double.NaN, o.seconds(), threads, ReportBuilder.PJ_PER_AC,
          ReportBuilder.PJ_PER_MAC));
    }
    out.println();
    out.print(t.render());
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("network", network.toString());
    root.put("data", data.describe());
    root.put("images", in.size());
    root.put("threads", threads);
    root.put("tiles", tiles);
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
      m.put("checkpoints", cps);
      m.put("accuracy", IntStream.range(0, cps.length).mapToDouble(o.result()::accuracy).toArray());
      modes.add(m);
    }
    root.put("modes", modes);
    JsonFiles.write(outDir.resolve("timing.json"), root);
    AtomicFiles.writeString(outDir.resolve("timing.csv"), csv.toString());
    Plots.accuracy(reports, "Accuracy vs timesteps per timing mode", outDir.resolve("timing.png"));
    lagPlot(c, outcomes, outDir.resolve("timing_lag.png"));
    out.println("wrote " + outDir.resolve("timing.json") + ", timing.csv, timing.png, timing_lag.png");
    out.flush();
    return 0;
  }

  /** Mean spike lag of every layer that integrates spikes (not the input), one series per mode that has lag. */
  private static void lagPlot(ConvertedNetwork c, List<TimingExperiment.Outcome> outcomes, Path png)
      throws IOException {
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
