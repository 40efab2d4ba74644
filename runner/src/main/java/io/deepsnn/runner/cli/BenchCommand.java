package io.deepsnn.runner.cli;

import io.deepsnn.runner.pipeline.BundledDemo;
import io.deepsnn.network.arch.Architectures;
import io.deepsnn.network.data.Datasets;
import io.deepsnn.network.data.ImageDataset;
import io.deepsnn.network.data.Normalization;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.normalizer.Balancing;
import io.deepsnn.normalizer.ResidualPolicy;
import io.deepsnn.normalizer.SpikeNormBalancer;
import io.deepsnn.runner.bench.KernelBench;
import io.deepsnn.runner.bench.SyntheticImages;
import io.deepsnn.runner.pipeline.Images;
import io.deepsnn.runner.report.JsonFiles;
import io.deepsnn.runner.report.TextTable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code snn bench}: end-to-end speed of the sequential simulator on three shapes — the bundled
 * net, a ResNet-20 (type-A shortcuts, junction ReLUs) and a VGG-16-shaped CIFAR-10 net (random
 * bias-free weights, Spike-Norm thresholds) — event driven on one thread and on {@code --threads}
 * threads, against the dense kernels on one thread. Reports figures; it never fails on speed.
 * docs/PERFORMANCE.md has the figures of this machine.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Speed of the simulator (ns per synaptic event, events per second on 1 and --threads threads) "
        + "and the speed-up of the event-driven over the dense kernels, on the bundled net, a ResNet-20 and a "
        + "VGG-16-shaped CIFAR-10 net.")
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--timesteps", paramLabel = "T", description = "Timesteps (default: ${DEFAULT-VALUE}).")
  int timesteps;

  @Option(names = "--images", paramLabel = "N",
      description = "Bundled-net images (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(names = "--vgg-images", paramLabel = "N",
      description = "VGG-16 images (default: ${DEFAULT-VALUE}).")
  int vggImages;

  @Option(names = "--vgg-dense-timesteps", paramLabel = "T",
      description = "Timesteps of the (slow) dense VGG-16 run; the event run is timed over the same steps for "
          + "the speed-up (default: ${DEFAULT-VALUE}).")
  int vggDenseTimesteps;

  @Option(names = "--resnet-images", paramLabel = "N",
      description = "ResNet-20 images (default: ${DEFAULT-VALUE}).")
  int resnetImages;

  @Option(names = "--resnet-dense-timesteps", paramLabel = "T",
      description = "Timesteps of the dense ResNet-20 run (default: ${DEFAULT-VALUE}).")
  int resnetDenseTimesteps;

  @Option(names = "--skip-vgg", description = "Leave out the VGG-16 shape.")
  boolean skipVgg;

  @Option(names = "--skip-resnet", description = "Leave out the ResNet-20 shape.")
  boolean skipResnet;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the figures as JSON.")
  Path json;


  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<KernelBench.Result> results = new ArrayList<>();
    ModelOptions.LoadedModel m = ModelOptions.bundled();
    Graph g = m.onnx().graph();
    Normalization norm = new Normalization(m.metadata().orElseThrow().mean(), m.metadata().orElseThrow().std());
    ImageDataset data = Datasets.open(BundledDemo.images(), io.deepsnn.network.data.DatasetOptions.defaults());
    List<SnnInput> test = Images.load(Datasets.limit(data, images), norm);
    List<SnnInput> cal = test.subList(0, Math.min(16, test.size()));
    results.add(bench("bundled Fashion-MNIST net", g, cal, 200, test, timesteps, timesteps, norm.maxAbsValue(),
        common.threads(), out));
    Normalization cifar = Normalization.parse("0.4914,0.4822,0.4465", "0.2470,0.2435,0.2616");
    if (!skipResnet) {
      Graph resnet = Architectures.resnet20(1);
      List<SnnInput> synthetic = SyntheticImages.of(resnet, cifar, Math.max(2, resnetImages), 11);
      results.add(bench("ResNet-20 (CIFAR-10 shape, random weights)", resnet, synthetic.subList(0, 2), 100,
          synthetic.subList(0, resnetImages), timesteps, Math.min(resnetDenseTimesteps, timesteps),
          cifar.maxAbsValue(), common.threads(), out));
    }
    if (!skipVgg) {
      Graph vgg = Architectures.vgg16(32, 10, 1);
      List<SnnInput> synthetic = SyntheticImages.of(vgg, cifar, Math.max(2, vggImages), 7);
      results.add(bench("VGG-16 (CIFAR-10 shape, random weights)", vgg, synthetic.subList(0, 2), 100,
          synthetic.subList(0, vggImages), timesteps, Math.min(vggDenseTimesteps, timesteps), cifar.maxAbsValue(),
          common.threads(), out));
    }
    int threads = common.threads();
    TextTable t = new TextTable("network", ">images", ">T", ">events", ">1-thread s", ">ns/event",
        ">events/s", ">" + threads + "-thread s", ">events/s", ">ns/event/thread", ">dense T", ">speed-up vs dense",
        ">auto speed-up", "same spikes");
    for (KernelBench.Result r : results) {
      boolean parallel = !Double.isNaN(r.parallelSeconds());
      t.row(r.network(), r.images(), r.timesteps(), TextTable.count(r.synapticEvents()),
          String.format("%.2f", r.eventSeconds()), String.format("%.2f", r.nanosPerEvent()),
          String.format("%.3g", r.eventsPerSecond()), parallel ? String.format("%.2f", r.parallelSeconds()) : "-",
          parallel ? String.format("%.3g", r.parallelEventsPerSecond()) : "-",
          parallel ? String.format("%.2f", r.parallelNanosPerEventPerThread()) : "-", r.denseTimesteps(),
          String.format("%.1fx", r.speedupOverDense()), String.format("%.1fx", r.autoSpeedupOverDense()),
          r.identical() ? "yes" : "NO");
    }
    out.print(t.render());
    if (json != null) {
      JsonFiles.write(json, results);
    }
    out.flush();
    return 0;
  }

  private static KernelBench.Result bench(String name, Graph g, List<SnnInput> cal, int calSteps, List<SnnInput> images,
                                          int timesteps, int denseTimesteps, double inputScale, int threads,
                                          PrintWriter out) {
    SpikingNetwork net = SpikingNetwork.compile(g);
    SimulationOptions o = SimulationOptions.defaults(inputScale);
    out.println(name + ": Spike-Norm thresholds from " + cal.size() + " images x " + calSteps + " steps ...");
    out.flush();
    Balancing b = SpikeNormBalancer.balance(net, cal, calSteps, o, ResidualPolicy.UNITY, threads, l -> { });
    out.println(name + ": timing " + images.size() + " image(s) x " + timesteps + " steps on one thread"
        + (threads > 1 && images.size() >= threads ? " and on " + threads : "") + " ...");
    out.flush();
    return KernelBench.run(name, net, b.thresholds(), o, images, timesteps, denseTimesteps, threads);
  }
}
