package io.deepsnn.runner;

import io.deepsnn.actors.runtime.LocalSession;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.actors.runtime.ActorSettings;
import io.deepsnn.actors.runtime.ActorSimulator;
import io.deepsnn.actors.runtime.Timing;
import io.deepsnn.actors.topology.Tiling;
import io.deepsnn.network.data.DatasetOptions;
import io.deepsnn.network.data.Datasets;
import io.deepsnn.network.data.Normalization;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.onnx.ModelMetadata;
import io.deepsnn.network.onnx.OnnxImporter;
import io.deepsnn.network.snn.SequentialSimulator;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SimulationResult;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.snn.Thresholds;
import io.deepsnn.normalizer.DataBasedBalancer;
import io.deepsnn.normalizer.ResidualPolicy;
import io.deepsnn.normalizer.ThresholdMethod;
import io.deepsnn.runner.pipeline.BundledDemo;
import io.deepsnn.runner.pipeline.Images;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * On the bundled model, the actor runtime (lockstep and pipelined; 1, 2, 4 and 7 tiles; 1 and 2
 * threads) fires exactly the sequential simulator's spikes and gives its predictions.
 */
class ActorRuntimeBundledTest {
  static SpikingNetwork net;
  static Thresholds thresholds;
  static SimulationOptions options;
  static List<SnnInput> images;
  static SimulationResult expected;
  static final int[] CHECKPOINTS = {20, 80};

  @BeforeAll
  static void sequential() {
    Graph g = OnnxImporter.read(BundledDemo.model()).graph();
    ModelMetadata md = ModelMetadata.findBeside(BundledDemo.model()).orElseThrow();
    Normalization norm = new Normalization(md.mean(), md.std());
    images = Images.load(Datasets.limit(Datasets.open(BundledDemo.images(), DatasetOptions.defaults()), 12), norm);
    net = SpikingNetwork.compile(g);
    thresholds = DataBasedBalancer.balance(net, images, norm.maxAbsValue(), ThresholdMethod.DATA_MAX, 0,
        ResidualPolicy.UNITY).thresholds();
    options = SimulationOptions.defaults(norm.maxAbsValue()).withSeed(3);
    expected = new SequentialSimulator(net, thresholds, options).run(images, CHECKPOINTS);
  }

  @ParameterizedTest(name = "{0} tiles, {1} threads, {2}")
  @CsvSource({"1, 1, LOCKSTEP", "2, 2, LOCKSTEP", "4, 1, LOCKSTEP", "7, 2, LOCKSTEP",
      "1, 2, PIPELINED", "2, 1, PIPELINED", "4, 2, PIPELINED", "7, 1, PIPELINED"})
  void identicalToTheSequentialSimulator(int tiles, int threads, Timing timing) {
    ActorSettings s = ActorSettings.defaults(threads).withTiling(Tiling.count(tiles)).withTiming(timing)
        .withBatchImages(5);
    try (ActorSimulator actors = LocalSession.simulator(net, thresholds, options, s)) {
      SimulationResult r = actors.run(images, CHECKPOINTS);
      assertArrayEquals(expected.spikeTrainHash(), r.spikeTrainHash());
      assertArrayEquals(expected.predictions(), r.predictions());
      for (int c = 0; c < CHECKPOINTS.length; c++) {
        assertArrayEquals(expected.spikes()[c], r.spikes()[c]);
        assertArrayEquals(expected.synapses()[c], r.synapses()[c]);
      }
      assertTrue(expected.totalSpikes() > 0);
    }
  }
}
