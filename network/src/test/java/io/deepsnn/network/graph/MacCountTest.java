package io.deepsnn.network.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deepsnn.network.onnx.OnnxImporter;
import io.deepsnn.network.testing.RandomGraphs;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** MAC and parameter counts (SEMANTICS §6) against hand counts. */
class MacCountTest {

  @Test
  void handBuiltGraph() {
    Random rnd = new Random(1);
    GraphBuilder b = new GraphBuilder("in", Shape.of(3, 8, 8));
    // conv 3→4, 3×3, stride 1, pad 1: 4·8·8 outputs × fan-in 3·3·3 = 256 × 27 = 6,912 MACs.
    int x = b.add("c1", RandomGraphs.conv(rnd, 4, 3, 3, 1, Padding.uniform(1)), 0);
    x = b.add("r1", new Relu(), x);
    // pool 2×2/2 → 4×4×4, no MACs.
    x = b.add("p1", new AvgPool(2, 2, 2, 2, Padding.NONE, false), x);
    // conv 4→6, 3×3, stride 2, pad 0 on 4×4: output 6×1×1 = 6 outputs × fan-in 36 = 216 MACs.
    x = b.add("c2", RandomGraphs.conv(rnd, 6, 4, 3, 2, Padding.NONE), x);
    x = b.add("r2", new Relu(), x);
    x = b.add("f", new Flatten(), x);
    // fully connected 6→5: 30 MACs.
    x = b.add("fc", RandomGraphs.dense(rnd, 5, 6), x);
    Graph g = b.build(x);
    assertEquals(6912, g.macs(g.node(1)));
    assertEquals(Shape.of(6, 1, 1), g.node(4).shape());
    assertEquals(216, g.macs(g.node(4)));
    assertEquals(30, g.macs(g.output()));
    assertEquals(6912 + 216 + 30, g.totalMacs());
    assertEquals(4 * 27 + 6 * 36 + 30, g.totalParameters());
  }

  @Test
  void resNetFixtureExportedByTorch() {
    Graph g = OnnxImporter.read(Path.of("src/test/resources/models/resnet-tiny32.onnx")).graph();
    // Hand count (C_out·H·W · C_in·k·k): two 8-channel pre-processing convs on 32×32 (3→8, 8→8),
    // stage 0 (8→8 twice at 32×32), stage 1 (8→16 stride 2, 16→16 at 16×16),
    // stage 2 (16→32 stride 2, 32→32 at 8×8), classifier 32→10; shortcuts and pools are free.
    long pre = 8L * 32 * 32 * (3 * 9) + 8L * 32 * 32 * (8 * 9);
    long stage0 = 2 * (8L * 32 * 32 * (8 * 9));
    long stage1 = 16L * 16 * 16 * (8 * 9) + 16L * 16 * 16 * (16 * 9);
    long stage2 = 32L * 8 * 8 * (16 * 9) + 32L * 8 * 8 * (32 * 9);
    long fc = 32 * 10;
    assertEquals(pre + stage0 + stage1 + stage2 + fc, g.totalMacs());
    assertEquals(3_760_448L, g.totalMacs());
    assertEquals(2, g.nodes().stream().filter(n -> n.op() instanceof ZeroPadShortcut).count());
    assertEquals(3, g.nodes().stream().filter(n -> n.op() instanceof Add).count());
  }
}
