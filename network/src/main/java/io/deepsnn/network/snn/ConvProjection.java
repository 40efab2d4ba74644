package io.deepsnn.network.snn;

import io.deepsnn.network.graph.Conv2d;
import io.deepsnn.network.graph.Padding;
import io.deepsnn.network.graph.Shape;

/**
 * A convolution (optionally after a folded average pool) from a source layer to a target layer.
 * Weights are stored {@code [ci][ky][kw-1-kx][co]} (the kernel's columns reversed): a spike's
 * fan-out over output channels is one contiguous run in both the weights and the channels-last
 * membrane array, and with stride 1 so are the neighbouring target positions of one kernel row —
 * position x+1 takes column kx−1 — so a spike's 3×3 taps are three runs of 3·C_out, not nine of
 * C_out (longer runs keep the vector unit busy; docs/PERFORMANCE.md).
 */
final class ConvProjection extends Projection {
  private final Conv2d conv;
  private final PoolGeometry pool;
  /** Fixed-point weights per pool divisor, {@code [ci][ky][kw-1-kx][co]}. */
  private final long[][] weights;
  private final int[][] windows;
  /**
   * The taps of every source pixel, precomputed so that the event kernel does no index arithmetic
   * (no divisions) per synapse run: tap runs {@code [tapStart[p], tapStart[p+1])} of pixel {@code p}
   * reach the {@code tapLength[t]} consecutive target positions from {@code tapPos[t]} (y·W + x)
   * with the weights at {@code tapWeight[t]} (plus the channel's offset) from the table of pool
   * divisor {@code tapDivisor[t]}.
   */
  private final int[] tapStart;
  private final int[] tapPos;
  private final int[] tapLength;
  private final int[] tapWeight;
  private final int[] tapDivisor;
  /** The most target positions one source pixel's taps cover. */
  private final int maxPositionsPerSpike;

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
            reordered[weightIndex(ci, ky, kx) * co + o] = conv.weight(o, ci, ky, kx);
          }
        }
      }
    }
    this.weights = pool.scaledTables(reordered);
    this.windows = new int[pool.outH * pool.outW][];
    for (int p = 0; p < windows.length; p++) {
      windows[p] = pool.window(p);
    }
    int planes = sourceShape.planeSize();
    int bound = 0;
    for (int pix = 0; pix < planes; pix++) {
      bound += (pool.endTarget(pix) - pool.firstTarget(pix)) * conv.kernelH() * conv.kernelW();
    }
    int[] pos = new int[bound];
    int[] len = new int[bound];
    int[] wof = new int[bound];
    int[] div = new int[bound];
    this.tapStart = new int[planes + 1];
    int t = 0;
    for (int pix = 0; pix < planes; pix++) {
      tapStart[pix] = t;
      t = fillTaps(pix, t, pos, len, wof, div);
    }
    tapStart[planes] = t;
    int most = 1;
    for (int pix = 0; pix < planes; pix++) {
      int covered = 0;
      for (int k = tapStart[pix]; k < tapStart[pix + 1]; k++) {
        covered += len[k];
      }
      most = Math.max(most, covered);
    }
    this.maxPositionsPerSpike = most;
    this.tapPos = java.util.Arrays.copyOf(pos, t);
    this.tapLength = java.util.Arrays.copyOf(len, t);
    this.tapWeight = java.util.Arrays.copyOf(wof, t);
    this.tapDivisor = java.util.Arrays.copyOf(div, t);
  }

  /** Index of weight block {@code (ci, ky, kx)} in the {@code [ci][ky][kw-1-kx]} order. */
  private int weightIndex(int ci, int ky, int kx) {
    return (ci * conv.kernelH() + ky) * conv.kernelW() + conv.kernelW() - 1 - kx;
  }

  /**
   * Writes the tap runs of source pixel {@code pix} (the taps that land inside the output; a tap
   * continues the previous run where both its target position and its weights follow on) from
   * index {@code t}; returns the next index.
   */
  private int fillTaps(int pix, int t, int[] pos, int[] len, int[] wof, int[] div) {
    int co = conv.outChannels();
    Padding pad = conv.padding();
    for (int k = pool.firstTarget(pix); k < pool.endTarget(pix); k++) {
      int pooled = pool.target(k);
      int py = pooled / pool.outW;
      int px = pooled % pool.outW;
      for (int ky = 0; ky < conv.kernelH(); ky++) {
        int oy = outputIndex(py, ky, pad.top(), conv.strideH(), targetShape.height());
        if (oy < 0) {
          continue;
        }
        int run = -1; // the run of this kernel row that the next tap may continue
        for (int kx = conv.kernelW() - 1; kx >= 0; kx--) {
          int ox = outputIndex(px, kx, pad.left(), conv.strideW(), targetShape.width());
          if (ox < 0) {
            run = -1;
            continue;
          }
          int p = oy * targetShape.width() + ox;
          int w = weightIndex(0, ky, kx) * co;
          int d = pool.divisorIndexOf(pooled);
          if (run >= 0 && p == pos[run] + len[run] && w == wof[run] + len[run] * co && d == div[run]) {
            len[run]++;
            continue;
          }
          pos[t] = p;
          len[t] = 1;
          wof[t] = w;
          div[t] = d;
          run = t++;
        }
      }
    }
    return t;
  }

  @Override
  public float[] bias() {
    return conv.bias();
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

  @Override
  public int[] sourceRows(int rowFrom, int rowTo) {
    int[] pooled = clampRows(rowFrom * conv.strideH() - conv.padding().top(),
        (rowTo - 1) * conv.strideH() - conv.padding().top() + conv.kernelH() - 1, pool.outH);
    return PoolGeometry.sourceRows(pool, pooled);
  }

  @Override
  long fanout(int spike) {
    int pix = sourcePixel(spike);
    long taps = 0;
    for (int t = tapStart[pix], end = tapStart[pix + 1]; t < end; t++) {
      taps += tapLength[t];
    }
    return taps * conv.outChannels();
  }

  @Override
  long fanout(int spike, int rowFrom, int rowTo) {
    int pix = sourcePixel(spike);
    int lo = rowFrom * targetShape.width();
    int hi = rowTo * targetShape.width();
    long taps = 0;
    for (int t = tapStart[pix], end = tapStart[pix + 1]; t < end; t++) {
      taps += tapPos[t] >= lo && tapPos[t] < hi ? tapLength[t] : 0; // a run stays in one row
    }
    return taps * conv.outChannels();
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
    int co = conv.outChannels();
    int ciBase = sourceChannel(spike) * conv.kernelH() * conv.kernelW() * co;
    int pix = sourcePixel(spike);
    int lo = rowFrom * targetShape.width();
    int hi = rowTo * targetShape.width();
    long synapses = 0;
    for (int t = tapStart[pix], end = tapStart[pix + 1]; t < end; t++) {
      int pos = tapPos[t];
      if (pos < lo || pos >= hi) {
        continue;
      }
      long[] w = weights[tapDivisor[t]];
      int wb = ciBase + tapWeight[t];
      int base = (pos - lo) * co;
      int run = tapLength[t] * co;
      if (negative) {
        LongRuns.subtract(v, base, w, wb, run);
      } else {
        LongRuns.add(v, base, w, wb, run);
      }
      markRun(touched, pos - lo, tapLength[t]);
      synapses += run;
    }
    return synapses;
  }

  /**
   * Groups the spikes of one source pixel (they arrive together: spike lists are channels-last and
   * in index order): their weight blocks {@code [ky][kx][co]} are first summed into a scratch block,
   * contiguously, and the sum is then added once per tap. Many channels spiking at one pixel thus
   * cost one pass over the membranes instead of one per spike, which also avoids back-to-back
   * updates of the same membranes. Needs one weight table (no pool with edge divisors).
   */
  @Override
  long scatterAll(int[] spikes, int count, long[] v, TouchSet touched, int rowFrom, int rowTo) {
    if (weights.length != 1) {
      return super.scatterAll(spikes, count, v, touched, rowFrom, rowTo);
    }
    int co = conv.outChannels();
    int block = conv.kernelH() * conv.kernelW() * co;
    long[] w = weights[0];
    long[] acc = null;
    int lo = rowFrom * targetShape.width();
    int hi = rowTo * targetShape.width();
    long n = 0;
    int i = 0;
    while (i < count) {
      int pix = sourcePixel(index(spikes[i]));
      int j = i + 1;
      while (j < count && sourcePixel(index(spikes[j])) == pix) {
        j++;
      }
      if (j - i == 1) {
        n += scatterSigned(spikes[i], v, touched, rowFrom, rowTo);
        i = j;
        continue;
      }
      if (acc == null) {
        acc = SCRATCH.get();
        if (acc.length < block) {
          acc = new long[block];
          SCRATCH.set(acc);
        }
      }
      java.util.Arrays.fill(acc, 0, block, 0L);
      for (int k = i; k < j; k++) {
        int s = spikes[k];
        if (s >= 0) {
          LongRuns.add(acc, 0, w, sourceChannel(s) * block, block);
        } else {
          LongRuns.subtract(acc, 0, w, sourceChannel(~s) * block, block);
        }
      }
      long taps = 0;
      for (int t = tapStart[pix], end = tapStart[pix + 1]; t < end; t++) {
        int pos = tapPos[t];
        if (pos < lo || pos >= hi) {
          continue;
        }
        LongRuns.add(v, (pos - lo) * co, acc, tapWeight[t], tapLength[t] * co);
        markRun(touched, pos - lo, tapLength[t]);
        taps += tapLength[t];
      }
      n += taps * co * (j - i);
      i = j;
    }
    return n;
  }

  @Override
  int positionsPerSpike() {
    return maxPositionsPerSpike;
  }

  private static void markRun(TouchSet touched, int first, int length) {
    if (touched.isAll()) {
      return;
    }
    for (int k = 0; k < length; k++) {
      touched.mark(first + k);
    }
  }

  /** Per-thread scratch block of {@link #scatterAll} (projections are shared by all threads). */
  private static final ThreadLocal<long[]> SCRATCH = ThreadLocal.withInitial(() -> new long[0]);

  private static int index(int spike) {
    return spike >= 0 ? spike : ~spike;
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
                int wb = weightIndex(ci, ky, kx) * co;
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
