package io.deepsnn.network.snn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deepsnn.network.ann.AnnInference;
import io.deepsnn.network.graph.Add;
import io.deepsnn.network.graph.AvgPool;
import io.deepsnn.network.graph.Flatten;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.graph.GraphBuilder;
import io.deepsnn.network.graph.Padding;
import io.deepsnn.network.graph.Shape;
import io.deepsnn.network.graph.ZeroPadShortcut;
import io.deepsnn.network.testing.RandomGraphs;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each projection kind integrates a batch of spikes exactly as the ANN's linear ops would map the
 * same 0/±1 tensor: the spiking kernels follow the ANN's layouts, padding, strides and pooling.
 */
class ProjectionAnnTest {
  static LongStream seeds() {
    return LongStream.range(1, 16);
  }

  /** A one-projection graph from the input to the output, of a kind chosen by the seed. */
  static Graph graph(long seed) {
    Random rnd = new Random(seed);
    int c = 1 + rnd.nextInt(3);
    int hw = 5 + rnd.nextInt(6);
    GraphBuilder b = new GraphBuilder("in", Shape.of(c, hw, hw));
    int x = 0;
    switch ((int) (seed % 4)) {
      case 0 -> {
        x = b.add("pool", pool(rnd), x);
        x = b.add("conv", RandomGraphs.conv(rnd, 2 + rnd.nextInt(4), c, 1 + rnd.nextInt(3), 1 + rnd.nextInt(2),
            Padding.uniform(rnd.nextInt(2))), x);
      }
      case 1 -> x = b.add("conv", RandomGraphs.conv(rnd, 2 + rnd.nextInt(4), c, 3, 1 + rnd.nextInt(2),
          new Padding(rnd.nextInt(2), rnd.nextInt(3), rnd.nextInt(2), rnd.nextInt(3))), x);
      case 2 -> {
        x = b.add("pool", rnd.nextBoolean() ? pool(rnd) : AvgPool.global(hw, hw), x);
        x = b.add("flat", new Flatten(), x);
        x = b.add("fc", RandomGraphs.dense(rnd, 7, b.shape(x).channels()), x);
      }
      default -> {
        int out = c + 2;
        int conv = b.add("conv", RandomGraphs.conv(rnd, out, c, 3, 2, Padding.uniform(1)), x);
        int sc = b.add("shortcut", new ZeroPadShortcut(2, 2, 1, 1), x);
        x = b.add("add", new Add(), conv, sc);
      }
    }
    return b.build(x);
  }

  static AvgPool pool(Random rnd) {
    return switch (rnd.nextInt(3)) {
      case 0 -> new AvgPool(2, 2, 2, 2, Padding.NONE, false);
      case 1 -> new AvgPool(3, 3, 1, 1, Padding.uniform(1), false);
      default -> new AvgPool(3, 3, 2, 2, Padding.uniform(1), true);
    };
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void scatteredSpikesEqualTheAnnOnTheSameTensor(long seed) {
    Graph g = graph(seed);
    SpikingNetwork net = SpikingNetwork.compile(g);
    Shape in = g.inputShape();
    Random rnd = new Random(seed * 7);
    float[] chw = new float[in.size()];
    int[] spikes = new int[in.size()];
    int n = 0;
    int plane = in.planeSize();
    for (int k = 0; k < chw.length; k++) {
      int s = rnd.nextInt(3) - 1;
      chw[k] = s;
      int hwc = (k % plane) * in.channels() + k / plane;
      if (s != 0) {
        spikes[n++] = s > 0 ? hwc : ~hwc;
      }
    }
    float[] ann = new AnnInference(g).forward(chw);
    SpikingLayer out = net.layer(net.outputIndex());
    LayerTile tile = LayerTile.whole(out, Fixed.ONE, SimulationOptions.Reset.ZERO);
    tile.beginStep();
    for (Projection p : out.projections()) {
      tile.integrate(p, spikes, n);
    }
    Shape os = out.shape();
    int oplane = os.planeSize();
    for (int k = 0; k < ann.length; k++) {
      int hwc = (k % oplane) * os.channels() + k / oplane;
      assertEquals(ann[k], Fixed.toDouble(tile.potential(hwc)), 1e-5 * (1 + Math.abs(ann[k])),
          "neuron " + k + " of " + g);
    }
  }
}
