package io.deepsnn.runner.cli;

import io.deepsnn.actors.runtime.ActorSettings;
import io.deepsnn.actors.cluster.ClusterSettings;
import io.deepsnn.actors.runtime.NodeNetwork;
import io.deepsnn.actors.runtime.ActorSimulator;
import io.deepsnn.runner.bench.SoakGraph;
import io.deepsnn.runner.bench.SyntheticImages;
import io.deepsnn.runner.pipeline.ActorRuntimes;
import io.deepsnn.actors.runtime.ClockActor;
import io.deepsnn.actors.runtime.EdgeCounters;
import io.deepsnn.actors.runtime.Durations;
import io.deepsnn.actors.runtime.Deployment;
import io.deepsnn.actors.runtime.RuntimeSession;
import io.deepsnn.actors.runtime.Timing;
import io.deepsnn.actors.topology.Tiling;
import io.deepsnn.network.data.Normalization;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.snn.SequentialSimulator;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SimulationResult;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.normalizer.Balancing;
import io.deepsnn.normalizer.ResidualPolicy;
import io.deepsnn.normalizer.SpikeNormBalancer;
import io.deepsnn.runner.report.JsonFiles;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code snn soak}: runs a large graph (ResNet-34 by default, random weights, Spike-Norm
 * thresholds from a few seeded synthetic images) on the actor runtime for a fixed duration,
 * reporting throughput, heap after GC, the deepest mailbox and the per-edge conservation counters
 * at every interval. Exits non-zero if a counter disagrees or the heap keeps growing.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
    description = "Long run of a large graph on the actor runtime with conservation and memory checks.")
public final class SoakCommand implements Callable<Integer> {
  @Option(names = "--arch", paramLabel = "vgg16|resnet20|resnet34",
      description = "Graph (default: ${DEFAULT-VALUE}).")
  String arch;

  @Option(names = "--duration", paramLabel = "D", description = "How long, e.g. 30m (default: ${DEFAULT-VALUE}).")
  String duration;

  @Option(names = "--report-every", paramLabel = "D",
      description = "Report interval (default: ${DEFAULT-VALUE}).")
  String reportEvery;

  @Option(names = "--tiles", paramLabel = "N|max=NEURONS",
      description = "Tiles per layer or neurons per tile (default: ${DEFAULT-VALUE}).")
  String tiles;

  @Option(names = "--timing", paramLabel = "lockstep|pipelined",
      description = "Timing (default: ${DEFAULT-VALUE}).")
  String timing;

  @Option(names = "--timesteps", paramLabel = "T",
      description = "Timesteps per image batch (default: ${DEFAULT-VALUE}).")
  int timesteps;

  @Option(names = "--batch", paramLabel = "N", description = "Images per batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--cal-images", paramLabel = "N",
      description = "Synthetic calibration images for Spike-Norm (default: ${DEFAULT-VALUE}).")
  int calImages;

  @Option(names = "--cal-steps", paramLabel = "T",
      description = "Spike-Norm timesteps (default: ${DEFAULT-VALUE}).")
  int calSteps;

  @Option(names = "--check-sequential",
      description = "Also run every batch on the sequential simulator and check the actors fired the same spikes "
          + "(the fault soak's check: a failover must not change a result; costs a second simulation).")
  boolean checkSequential;

  @Option(names = "--json", paramLabel = "FILE", description = "Write every report line and the verdict as JSON.")
  Path json;

  @Mixin
  CommonOptions common;

  @Mixin
  ClusterOptions clusterOptions;

  @Spec
  CommandSpec spec;

  /** One interval's figures. */
  public record Sample(double minutes, long images, long timesteps, double eventsPerSecond, long heapAfterGcBytes,
                       long deepestMailbox, int edges, int edgesNotConserved, int batchesChecked, int batchesDiffering,
                       int failovers) {
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ClusterSettings cluster = clusterOptions.settings();
    Duration total = OptionValues.named("--duration", () -> Durations.parse(duration));
    Duration every = OptionValues.named("--report-every", () -> Durations.parse(reportEvery));
    int threads = common.threads();
    Graph g = SoakGraph.of(arch);
    SpikingNetwork net = SpikingNetwork.compile(g);
    Normalization norm = SoakGraph.normalization(g);
    SimulationOptions options = SimulationOptions.defaults(norm.maxAbsValue());
    out.printf("soak: %s (%d layers, %,d neurons, %,d MACs/image), %s, tiles %s, %d thread(s), %d steps x %d images "
            + "per batch, for %s%n", arch, net.size(), net.layers().stream().mapToLong(l -> l.neurons()).sum(),
        g.totalMacs(), timing, tiles, threads, timesteps, batch, duration);
    out.printf("Spike-Norm thresholds from %d synthetic images x %d steps ...%n", calImages, calSteps);
    out.flush();
    Balancing b = SpikeNormBalancer.balance(net, SyntheticImages.of(g, norm, calImages, 99), calSteps, options,
        ResidualPolicy.UNITY, threads, l -> { });
    ActorSettings settings = ActorSettings.defaults(threads).withTiling(Tiling.parse(tiles))
        .withTiming(Timing.parse(timing)).withBatchImages(batch);
    List<Sample> samples = new ArrayList<>();
    boolean conserved = true;
    boolean allSameAsSequential = true;
    NodeNetwork network = new NodeNetwork(net, settings);
    Consumer<String> log = line -> {
      out.println(line);
      out.flush();
    };
    try (RuntimeSession session = ActorRuntimes.open(network, cluster, "--arch " + arch, log);
         ActorSimulator sim = ActorRuntimes.deploy(session, Deployment.whole(b.thresholds(), options, settings), log)) {
      out.printf("%d tile actors, %d edges%n", sim.plan().tiles().size(), sim.plan().edges().size());
      out.printf("%8s %10s %12s %14s %14s %10s %10s %s%n", "minutes", "images", "timesteps", "events/s",
          "heap after GC", "mailbox", "failovers", "conservation" + (checkSequential ? "; = sequential" : ""));
      out.flush();
      long images = 0;
      long steps = 0;
      long events = 0;
      // The duration counts from here: waiting for nodes to join is not soaking.
      long start = System.nanoTime();
      long intervalStart = start;
      long intervalEvents = 0;
      int round = 0;
      int checked = 0;
      int differing = 0;
      SequentialSimulator oracle = checkSequential ? new SequentialSimulator(net, b.thresholds(), options) : null;
      session.resetDeepestMailbox();
      while (System.nanoTime() - start < total.toNanos()) {
        List<SnnInput> in = SyntheticImages.of(g, norm, batch * settings.batchesInFlight(), 1000L + round++);
        SimulationResult r = sim.run(in, new int[] {timesteps});
        if (oracle != null) {
          checked++;
          if (!Arrays.equals(oracle.run(in, new int[] {timesteps}).spikeTrainHash(), r.spikeTrainHash())) {
            differing++;
            allSameAsSequential = false;
          }
        }
        long ev = r.totalSynapses() + Arrays.stream(r.shortcutSynapses()[r.last()]).sum();
        events += ev;
        intervalEvents += ev;
        images += r.images();
        steps += (long) r.images() * timesteps;
        long now = System.nanoTime();
        boolean last = now - start >= total.toNanos();
        if (now - intervalStart >= every.toNanos() || last) {
          List<EdgeCounters.EdgeCount> counters = sim.counters();
          int bad = (int) counters.stream().filter(c -> !c.conserved()).count();
          conserved &= bad == 0;
          Sample s = new Sample((now - start) / 6e10, images, steps, intervalEvents / ((now - intervalStart) / 1e9),
              heapAfterGc(), session.deepestMailbox(), counters.size(), bad, checked, differing,
              sim.failovers().size());
          samples.add(s);
          out.printf("%8.1f %10d %12d %14.3g %11.1f MB %10d %10d %s%s%n", s.minutes(), s.images(), s.timesteps(),
              s.eventsPerSecond(), s.heapAfterGcBytes() / 1e6, s.deepestMailbox(), s.failovers(),
              bad == 0 ? "all " + counters.size() + " edges: sent = received = integrated"
                  : bad + " of " + counters.size() + " edges DISAGREE",
              oracle == null ? "" : "; " + (differing == 0 ? "all " + checked + " batches = sequential"
                  : differing + " of " + checked + " batches DIFFER"));
          checked = 0;
          differing = 0;
          out.flush();
          session.resetDeepestMailbox();
          intervalStart = System.nanoTime();
          intervalEvents = 0;
        }
      }
    }
    boolean growing = heapKeepsGrowing(samples);
    String verdict = !conserved ? "FAILED: conservation counters disagree"
        : !allSameAsSequential ? "FAILED: a batch differed from the sequential simulator"
        : growing ? "FAILED: the heap after GC kept growing" : "OK";
    out.println("soak " + verdict);
    if (json != null) {
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("arch", arch);
      root.put("tiles", tiles);
      root.put("timing", timing);
      root.put("threads", threads);
      root.put("nodes", cluster.nodes());
      root.put("samples", samples);
      root.put("verdict", verdict);
      JsonFiles.write(json, root);
    }
    out.flush();
    return verdict.equals("OK") ? 0 : 1;
  }

  /**
   * True when the heap after GC grew at each of the last four reports and by more than 10 % over
   * them: a leak, rather than the noise of a collector.
   */
  static boolean heapKeepsGrowing(List<Sample> samples) {
    if (samples.size() < 5) {
      return false;
    }
    List<Sample> tail = samples.subList(samples.size() - 5, samples.size());
    for (int i = 1; i < tail.size(); i++) {
      if (tail.get(i).heapAfterGcBytes() <= tail.get(i - 1).heapAfterGcBytes()) {
        return false;
      }
    }
    return tail.get(4).heapAfterGcBytes() > 1.1 * tail.get(0).heapAfterGcBytes();
  }

  private static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
