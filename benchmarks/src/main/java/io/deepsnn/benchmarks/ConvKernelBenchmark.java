package io.deepsnn.benchmarks;

import io.deepsnn.network.graph.Conv2d;
import io.deepsnn.network.graph.GraphBuilder;
import io.deepsnn.network.graph.Padding;
import io.deepsnn.network.graph.Relu;
import io.deepsnn.network.graph.Shape;
import io.deepsnn.network.snn.Fixed;
import io.deepsnn.network.snn.LayerTile;
import io.deepsnn.network.snn.Projection;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SpikingLayer;
import io.deepsnn.network.snn.SpikingNetwork;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One timestep of one 3×3 convolution layer (16×16 pixels): integrate a batch of input spikes of
 * the given density with the event-driven kernel, or with the dense kernel, then fire. The
 * synaptic events of one operation are (spikes × 9 × output channels) minus border losses.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ConvKernelBenchmark {
  @Param({"16", "64", "256"})
  int outChannels;

  @Param({"0.02", "0.1", "0.4"})
  double density;

  private Projection projection;
  private SpikingLayer layer;
  private int[] spikes;
  private int count;
  private byte[] dense;

  @Setup
  public void setup() {
    int in = 32;
    Random rnd = new Random(1);
    GraphBuilder b = new GraphBuilder("in", Shape.of(in, 16, 16));
    float[] w = new float[outChannels * in * 9];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (rnd.nextGaussian() * 0.1);
    }
    int x = b.add("conv", new Conv2d(outChannels, in, 3, 3, 1, 1, Padding.uniform(1), w), 0);
    x = b.add("relu", new Relu(), x);
    SpikingNetwork net = SpikingNetwork.compile(b.build(x));
    layer = net.layer(1);
    projection = layer.projections().get(0);
    int neurons = in * 16 * 16;
    spikes = new int[neurons];
    dense = new byte[neurons];
    for (int n = 0; n < neurons; n++) {
      if (rnd.nextDouble() < density) {
        spikes[count++] = n;
        dense[n] = 1;
      }
    }
  }

  /** Event driven: work per input spike. */
  @Benchmark
  public int eventDriven(TileState s) {
    s.tile.beginStep();
    s.tile.integrate(projection, spikes, count);
    return s.tile.fire();
  }

  /** Dense: work per synapse. */
  @Benchmark
  public int denseKernel(TileState s) {
    s.tile.beginStep();
    s.tile.integrateDense(projection, dense, 0);
    return s.tile.fire();
  }

  /** A fresh membrane per trial. */
  @State(Scope.Thread)
  public static class TileState {
    LayerTile tile;

    @Setup(org.openjdk.jmh.annotations.Level.Trial)
    public void setup(ConvKernelBenchmark b) {
      tile = LayerTile.whole(b.layer, Fixed.of(1.0), SimulationOptions.Reset.ZERO);
    }
  }
}
