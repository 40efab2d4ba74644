package io.deepsnn.network.snn;

import io.deepsnn.network.graph.Dense;
import io.deepsnn.network.graph.Shape;

/**
 * A fully connected layer (optionally after a folded average pool, e.g. a global one) from a
 * source layer to a flat target layer. The ANN flattens the pooled tensor in C×H×W order; the
 * weights are stored transposed ({@code [input][output]}) so a spike's fan-out is contiguous.
 */
final class DenseProjection extends Projection {
  private final Dense dense;
  private final PoolGeometry pool;
  private final long[][] weights;
  private final int[][] windows;

  DenseProjection(int source, Shape sourceShape, Shape targetShape, Dense dense, PoolGeometry pool) {
    super(source, sourceShape, targetShape);
    this.dense = dense;
    this.pool = pool;
    int in = dense.inFeatures();
    int out = dense.outFeatures();
    float[] transposed = new float[in * out];
    for (int o = 0; o < out; o++) {
      for (int j = 0; j < in; j++) {
        transposed[j * out + o] = dense.weight(o, j);
      }
    }
    this.weights = pool.scaledTables(transposed);
    this.windows = new int[pool.outH * pool.outW][];
    for (int p = 0; p < windows.length; p++) {
      windows[p] = pool.window(p);
    }
  }

  @Override
  public float[] bias() {
    return dense.bias();
  }

  @Override
  public String describe() {
    return (pool.pool != null ? "avgpool " + pool.pool.kernelH() + "x" + pool.pool.kernelW() + " + " : "") + "dense";
  }

  @Override
  public long macs() {
    return (long) dense.outFeatures() * dense.inFeatures();
  }

  /** Column of the ANN's flattened input for channel {@code c} at pooled position {@code pooled}. */
  private int column(int c, int pooled) {
    return c * (pool.outH * pool.outW) + pooled;
  }

  @Override
  long scatter(int spike, boolean negative, long[] v, TouchSet touched, int rowFrom, int rowTo) {
    int c = sourceChannel(spike);
    int pix = sourcePixel(spike);
    int out = dense.outFeatures();
    for (int k = pool.firstTarget(pix); k < pool.endTarget(pix); k++) {
      int pooled = pool.target(k);
      long[] w = weights[pool.divisorIndexOf(pooled)];
      int base = column(c, pooled) * out;
      if (negative) {
        LongRuns.subtract(v, 0, w, base, out);
      } else {
        LongRuns.add(v, 0, w, base, out);
      }
    }
    int pooledTargets = pool.endTarget(pix) - pool.firstTarget(pix);
    if (pooledTargets > 0) {
      touched.mark(0);
    }
    return (long) pooledTargets * out;
  }

  @Override
  public int[] sourceRows(int rowFrom, int rowTo) {
    return new int[] {0, sourceShape.height()};
  }

  @Override
  long fanout(int spike) {
    int pix = sourcePixel(spike);
    return (long) (pool.endTarget(pix) - pool.firstTarget(pix)) * dense.outFeatures();
  }

  @Override
  long fanout(int spike, int rowFrom, int rowTo) {
    // The target is flat: one row, which a tile either holds or not.
    return rowFrom == 0 && rowTo > 0 ? fanout(spike) : 0;
  }

  @Override
  void gather(byte[] s, long[] v, int rowFrom, int rowTo) {
    int cs = sourceShape.channels();
    int out = dense.outFeatures();
    int plane = pool.outH * pool.outW;
    long[] acc = new long[out];
    for (int c = 0; c < cs; c++) {
      for (int pooled = 0; pooled < plane; pooled++) {
        long[] w = weights[pool.divisorIndexOf(pooled)];
        int base = column(c, pooled) * out;
        for (int srcPix : windows[pooled]) {
          long val = s[srcPix * cs + c];
          for (int o = 0; o < out; o++) {
            acc[o] += val * w[base + o];
          }
        }
      }
    }
    for (int o = 0; o < out; o++) {
      v[o] += acc[o];
    }
  }
}
