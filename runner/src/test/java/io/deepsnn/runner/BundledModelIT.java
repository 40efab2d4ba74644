package io.deepsnn.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.network.ann.AnnEvaluator;
import io.deepsnn.network.data.DatasetOptions;
import io.deepsnn.network.data.Datasets;
import io.deepsnn.network.data.ImageDataset;
import io.deepsnn.network.data.Normalization;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.onnx.ModelMetadata;
import io.deepsnn.network.onnx.OnnxImporter;
import io.deepsnn.network.snn.SequentialSimulator;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SimulationResult;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.normalizer.Balancing;
import io.deepsnn.normalizer.ResidualPolicy;
import io.deepsnn.normalizer.SpikeNormBalancer;
import io.deepsnn.runner.pipeline.BundledDemo;
import io.deepsnn.runner.pipeline.Images;
import io.deepsnn.runner.pipeline.ParallelSimulation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The method works on the bundled model: converted with Spike-Norm (calibrated on the 256 bundled
 * training images), the SNN at T = 500 is within 1.0 point of the ANN on the 1,000 bundled test
 * images. About a minute on two cores.
 */
class BundledModelIT {
  @Test
  void spikeNormSnnAtFiveHundredStepsIsWithinOnePointOfTheAnn() {
    Graph g = OnnxImporter.read(BundledDemo.model()).graph();
    ModelMetadata md = ModelMetadata.findBeside(BundledDemo.model()).orElseThrow();
    Normalization norm = new Normalization(md.mean(), md.std());
    ImageDataset test = Datasets.open(BundledDemo.images(), DatasetOptions.defaults());
    ImageDataset train = Datasets.open(BundledDemo.images(), DatasetOptions.defaults().withSplit("train"));
    assertEquals(1000, test.size());
    assertEquals(256, train.size());
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());

    double ann = new AnnEvaluator(g, norm, threads).evaluate(test, n -> { }).top1();
    assertEquals(md.subsetCorrect() / 1000.0, ann, 0.0, "Java ANN == PyTorch on the bundled images");

    SpikingNetwork net = SpikingNetwork.compile(g);
    SimulationOptions options = SimulationOptions.defaults(norm.maxAbsValue());
    List<SnnInput> cal = Images.load(train, norm);
    Balancing b = SpikeNormBalancer.balance(net, cal, 300, options, ResidualPolicy.UNITY, threads, l -> { });
    SequentialSimulator sim = new SequentialSimulator(net, b.thresholds(), options);
    SimulationResult r = ParallelSimulation.run(sim, test, norm, new int[] {100, 500}, threads, 8, n -> { });
    double snn = r.accuracy(1);
    System.out.printf("bundled model: ANN %.2f %%, Spike-Norm SNN at T=100 %.2f %%, T=500 %.2f %%%n", 100 * ann,
        100 * r.accuracy(0), 100 * snn);
    assertTrue(Math.abs(snn - ann) <= 0.010, "SNN " + snn + " vs ANN " + ann);
  }
}
