package io.deepsnn.runner.cli;

import io.deepsnn.actors.cluster.ClusterSettings;
import io.deepsnn.actors.runtime.ActorSettings;
import io.deepsnn.actors.runtime.DelayModel;
import io.deepsnn.actors.runtime.Durations;
import io.deepsnn.actors.topology.Tiling;
import io.deepsnn.network.convert.ConvertedNetwork;
import io.deepsnn.network.convert.ConvertedNetworkFile;
import io.deepsnn.network.data.Datasets;
import io.deepsnn.network.data.ImageDataset;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.runner.pipeline.Images;
import io.deepsnn.runner.timing.TimingExperiment;
import io.deepsnn.runner.timing.TimingReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

  @Option(names = "--images", paramLabel = "N", description = "Images (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(names = "--timesteps", paramLabel = "T",
      description = "Timesteps; accuracy is read every --every steps (default: ${DEFAULT-VALUE}).")
  int timesteps;

  @Option(names = "--every", paramLabel = "K",
      description = "Checkpoint spacing in timesteps (default: ${DEFAULT-VALUE}).")
  int every;

  @Option(names = "--tiles", paramLabel = "N|max=NEURONS",
      description = "Tiles per layer (default: ${DEFAULT-VALUE}).")
  String tiles;

  @Option(names = "--batch", paramLabel = "N", description = "Images per message (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--pipeline-depth", paramLabel = "K",
      description = "Pipelined and async: timesteps ahead (default: ${DEFAULT-VALUE}).")
  int depth;

  @Option(names = "--delays", paramLabel = "D1,D2,...",
      description = "Async runs, one per delay model (default: ${DEFAULT-VALUE}).")
  String delays;

  @Option(names = "--tick", paramLabel = "DURATION",
      description = "Async runs: wall-clock length of one timestep, so that a delay of that length is one "
          + "timestep late; 0 runs free (default: ${DEFAULT-VALUE}).")
  String tick;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Folder for timing.md, timing.json, timing.csv, timing.png and timing_lag.png "
          + "(default: ${DEFAULT-VALUE}).")
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
      models.add(OptionValues.named("--delays", () -> DelayModel.parse(d.trim(), 1)));
    }
    int threads = common.threads();
    ActorSettings base = ActorSettings.defaults(threads).withTiling(Tiling.parse(tiles)).withBatchImages(batch)
        .withPipelineDepth(depth).withTickInterval(tick.equals("0") ? java.time.Duration.ZERO
            : OptionValues.named("--tick", () -> Durations.parse(tick)));
    var options = c.simulationOptions();
    String setup = "network " + network.getFileName() + ", " + in.size() + " images of " + data.describe() + ", "
        + timesteps + " steps, " + threads + " thread(s), tiles " + tiles + ", async tick " + tick
        + (cluster.nodes() > 1 ? ", " + cluster.nodes() + " cluster nodes (" + cluster.placement().label() + ")" : "");
    out.println("timing experiment: " + setup);
    out.flush();
    List<TimingExperiment.Outcome> outcomes = TimingExperiment.run(c, options, in, cps,
        TimingExperiment.modes(models), base, cluster, line -> {
          out.println(line);
          out.flush();
        });
    TimingReport report = new TimingReport(c, options, setup, data.describe(), in.size(), threads, batch, cps,
        outcomes);
    out.println();
    out.print(report.table());
    report.write(outDir);
    out.println("wrote " + outDir.resolve("timing.md") + ", timing.json, timing.csv, timing.png, timing_lag.png");
    out.flush();
    return 0;
  }
}
