package io.deepsnn.network.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.network.ann.AnnInference;
import io.deepsnn.network.graph.Conv2d;
import io.deepsnn.network.graph.Dense;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.testing.OrtRunner;
import io.deepsnn.network.testing.RandomGraphs;
import io.deepsnn.protocol.onnx.Onnx.ModelProto;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A BatchNorm + bias network in both forms torch exports (tools/train/make_bn_fixtures.py): the
 * default eval export (BatchNorm2d fused into conv biases by torch, the BatchNorm1d a node) and a
 * preserved export (every BatchNorm a node). Both import, fold into the same layers, and compute
 * what ONNX Runtime computes.
 */
class BatchNormFixturesTest {
  private static final Path FOLDED = Path.of("src/test/resources/models/bn-tiny-folded.onnx");
  private static final Path PRESERVED = Path.of("src/test/resources/models/bn-tiny-preserved.onnx");

  private static long batchNorms(Path f) throws Exception {
    return ModelProto.parseFrom(Files.readAllBytes(f)).getGraph().getNodeList().stream()
        .filter(n -> n.getOpType().equals("BatchNormalization")).count();
  }

  @Test
  void bothExportsImportIntoTheSameBiasedLayersAndMatchOnnxRuntime() throws Exception {
    assertEquals(1, batchNorms(FOLDED), "torch fused the conv BatchNorms, kept the linear one");
    assertEquals(3, batchNorms(PRESERVED), "every BatchNorm a node");
    Graph folded = OnnxImporter.read(FOLDED).graph();
    Graph preserved = OnnxImporter.read(PRESERVED).graph();
    assertEquals(folded.size(), preserved.size(), "no node is left of a BatchNorm");
    for (Graph g : new Graph[] {folded, preserved}) {
      long biased = g.nodes().stream().filter(n -> n.op() instanceof Conv2d c && c.hasBias()
          || n.op() instanceof Dense d && d.hasBias()).count();
      assertEquals(4, biased, "both convs and both linear layers carry a bias");
      SpikingNetwork net = SpikingNetwork.compile(g);
      assertTrue(net.hasBiases());
    }
    for (int k = 0; k < 4; k++) {
      float[] x = RandomGraphs.randomInput(folded, 300 + k);
      float[] a = new AnnInference(folded).forward(x);
      float[] b = new AnnInference(preserved).forward(x);
      assertTrue(OrtRunner.relativeMaxDifference(a, b) < 1e-5, "the two forms are one function");
      for (Path f : new Path[] {FOLDED, PRESERVED}) {
        try (OrtRunner ort = new OrtRunner(Files.readAllBytes(f))) {
          float[] expected = ort.run(x, folded.inputShape(), 4);
          assertTrue(OrtRunner.relativeMaxDifference(f == FOLDED ? a : b, expected) < 1e-5, f.toString());
        }
      }
    }
  }

  @Test
  void thePapersStrictImportRefusesBoth() {
    OnnxImporter strict = new OnnxImporter(ImportOptions.defaults().withBiases(false));
    for (Path f : new Path[] {FOLDED, PRESERVED}) {
      OnnxImportException e = assertThrows(OnnxImportException.class, () -> strict.importFile(f));
      assertTrue(e.getMessage().contains("--bias"), e.getMessage());
    }
  }
}
