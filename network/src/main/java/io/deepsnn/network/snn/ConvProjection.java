package io.deepsnn.network.snn;

import io.deepsnn.network.graph.Conv2d;
import io.deepsnn.network.graph.Padding;
import io.deepsnn.network.graph.Shape;

/**
 * A convolution (optionally after a folded average pool) from a source layer to a target layer.
 * Weights are stored {@code [ci][ky][kx][co]} so that a spike's fan-out over output channels is one
 * contiguous run in both the weights and the channels-last membrane array.
 */
final class ConvProjection extends Projection {
  private final Conv2d conv;
  private final PoolGeometry pool;
  /** Fixed-point weights per pool divisor, {@code [ci][ky][kx][co]}. */
  private final long[][] weights;
  private final int[][] windows;
  private final long[] fanoutPerPixel;

  ConvProjection(int source, Shape sourceShape, Shape targetShape, Conv2d conv, PoolGeometry pool) {
    super(source, sourceShape, targetShape);
    this.conv = conv;
    this.pool = pool;
    float[] reordered = new float[conv.weights().length];
    int co = conv.outChannels();
    for (int o = 0; o < co; o++) {
      for (int ci = 0; ci < conv.inChannels(); ci++) {
        for (int ky = 0; ky < conv.kernelH(); ky++) {
          for (int kx = 0; kx < conv.kernelW(); kx++) {
            reordered[((ci * conv.kernelH() + ky) * conv.kernelW() + kx) * co + o] = conv.weight(o, ci, ky, kx);
          }
        }
      }
    }
    this.weights = pool.scaledTables(reordered);
    this.fanoutPerPixel = new long[sourceShape.planeSize()];
    for (int pix = 0; pix < fanoutPerPixel.length; pix++) {
      long n = 0;
      for (int k = pool.firstTarget(pix); k < pool.endTarget(pix); k++) {
        n += validTaps(pool.target(k));
      }
      fanoutPerPixel[pix] = n * co;
    }
    this.windows = new int[pool.outH * pool.outW][];
    for (int p = 0; p < windows.length; p++) {
      windows[p] = pool.window(p);
    }
  }

  @Override
  public String describe() {
    return (pool.pool != null ? "avgpool " + pool.pool.kernelH() + "x" + pool.pool.kernelW() + " + " : "")
        + "conv " + conv.kernelH() + "x" + conv.kernelW() + "/" + conv.strideH();
  }

  @Override
  public long macs() {
    return (long) targetShape.size() * conv.fanIn();
  }

  /** Kernel taps of a pooled input position that land inside the output. */
  private int validTaps(int pooled) {
    int py = pooled / pool.outW;
    int px = pooled % pool.outW;
    int n = 0;
    for (int ky = 0; ky < conv.kernelH(); ky++) {
      if (outputIndex(py, ky, conv.padding().top(), conv.strideH(), targetShape.height()) < 0) {
        continue;
      }
      for (int kx = 0; kx < conv.kernelW(); kx++) {
        if (outputIndex(px, kx, conv.padding().left(), conv.strideW(), targetShape.width()) >= 0) {
          n++;
        }
      }
    }
    return n;
  }

  @Override
  public int[] sourceRows(int rowFrom, int rowTo) {
    int[] pooled = clampRows(rowFrom * conv.strideH() - conv.padding().top(),
        (rowTo - 1) * conv.strideH() - conv.padding().top() + conv.kernelH() - 1, pool.outH);
    return PoolGeometry.sourceRows(pool, pooled);
  }

  @Override
  long fanout(int spike) {
    return fanoutPerPixel[sourcePixel(spike)];
  }

  /** The output row/column that input {@code i} reaches through kernel tap {@code k}, or -1. */
  private static int outputIndex(int i, int k, int pad, int stride, int size) {
    int num = i + pad - k;
    if (num < 0 || num % stride != 0) {
      return -1;
    }
    int o = num / stride;
    return o < size ? o : -1;
  }

  @Override
  long scatter(int spike, boolean negative, long[] v, TouchSet touched, int rowFrom, int rowTo) {
    int ci = sourceChannel(spike);
    int pix = sourcePixel(spike);
    int co = conv.outChannels();
    int kh = conv.kernelH();
    int kw = conv.kernelW();
    Padding pad = conv.padding();
    int outW = targetShape.width();
    int outH = targetShape.height();
    long synapses = 0;
    for (int k = pool.firstTarget(pix); k < pool.endTarget(pix); k++) {
      int pooled = pool.target(k);
      long[] w = weights[pool.divisorIndexOf(pooled)];
      int py = pooled / pool.outW;
      int px = pooled % pool.outW;
      for (int ky = 0; ky < kh; ky++) {
        int oy = outputIndex(py, ky, pad.top(), conv.strideH(), outH);
        if (oy < rowFrom || oy >= rowTo) {
          continue;
        }
        for (int kx = 0; kx < kw; kx++) {
          int ox = outputIndex(px, kx, pad.left(), conv.strideW(), outW);
          if (ox < 0) {
            continue;
          }
          int pos = (oy - rowFrom) * outW + ox;
          int base = pos * co;
          int wb = ((ci * kh + ky) * kw + kx) * co;
          if (negative) {
            for (int o = 0; o < co; o++) {
              v[base + o] -= w[wb + o];
            }
          } else {
            for (int o = 0; o < co; o++) {
              v[base + o] += w[wb + o];
            }
          }
          touched.mark(pos);
          synapses += co;
        }
      }
    }
    return synapses;
  }

  @Override
  void gather(byte[] s, long[] v, int rowFrom, int rowTo) {
    int cs = sourceShape.channels();
    int co = conv.outChannels();
    int kh = conv.kernelH();
    int kw = conv.kernelW();
    Padding pad = conv.padding();
    long[] acc = new long[co];
    for (int oy = rowFrom; oy < rowTo; oy++) {
      for (int ox = 0; ox < targetShape.width(); ox++) {
        java.util.Arrays.fill(acc, 0L);
        for (int ky = 0; ky < kh; ky++) {
          int py = oy * conv.strideH() - pad.top() + ky;
          if (py < 0 || py >= pool.outH) {
            continue;
          }
          for (int kx = 0; kx < kw; kx++) {
            int px = ox * conv.strideW() - pad.left() + kx;
            if (px < 0 || px >= pool.outW) {
              continue;
            }
            int pooled = py * pool.outW + px;
            long[] w = weights[pool.divisorIndexOf(pooled)];
            for (int srcPix : windows[pooled]) {
              for (int ci = 0; ci < cs; ci++) {
                long val = s[srcPix * cs + ci];
                int wb = ((ci * kh + ky) * kw + kx) * co;
                for (int o = 0; o < co; o++) {
                  acc[o] += val * w[wb + o];
                }
              }
            }
          }
        }
        int base = ((oy - rowFrom) * targetShape.width() + ox) * co;
        for (int o = 0; o < co; o++) {
          v[base + o] += acc[o];
        }
      }
    }
  }
}
