package io.deepsnn.network.snn;

import io.deepsnn.network.graph.AvgPool;
import io.deepsnn.network.graph.Padding;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a spike lands after an average pool that is folded into the next synaptic operation
 * (SEMANTICS §3): for each source pixel, the pooled positions whose window holds it, and the
 * divisor of each pooled position. The pool is the same for every channel, so the geometry is
 * per pixel. Without a pool every pixel maps to itself with divisor 1.
 */
final class PoolGeometry {
  final int srcH;
  final int srcW;
  final int outH;
  final int outW;
  /** Pooled positions of source pixel s are {@code targets[start[s] .. start[s+1])}. */
  private final int[] start;
  private final int[] targets;
  /** Divisor of each pooled position (kernel area, or the part inside the image). */
  private final int[] divisor;
  /** Distinct divisors, ascending; {@link #divisorIndex} maps a pooled position into this list. */
  final int[] divisors;
  private final int[] divisorIndex;
  /** The pool, or null for the identity. */
  final AvgPool pool;

  private PoolGeometry(int srcH, int srcW, int outH, int outW, int[] start, int[] targets, int[] divisor,
                       AvgPool pool) {
    this.srcH = srcH;
    this.srcW = srcW;
    this.outH = outH;
    this.outW = outW;
    this.start = start;
    this.targets = targets;
    this.divisor = divisor;
    this.pool = pool;
    this.divisors = java.util.Arrays.stream(divisor).distinct().sorted().toArray();
    this.divisorIndex = new int[divisor.length];
    for (int p = 0; p < divisor.length; p++) {
      divisorIndex[p] = java.util.Arrays.binarySearch(divisors, divisor[p]);
    }
  }

  /** No pool: every pixel is its own pooled position. */
  static PoolGeometry identity(int h, int w) {
    int n = h * w;
    int[] start = new int[n + 1];
    int[] targets = new int[n];
    for (int s = 0; s < n; s++) {
      start[s] = s;
      targets[s] = s;
    }
    start[n] = n;
    int[] divisor = new int[n];
    java.util.Arrays.fill(divisor, 1);
    return new PoolGeometry(h, w, h, w, start, targets, divisor, null);
  }

  /** The geometry of {@code pool} over an {@code h×w} plane giving {@code outH×outW}. */
  static PoolGeometry of(AvgPool pool, int h, int w, int outH, int outW) {
    Padding p = pool.padding();
    List<List<Integer>> byPixel = new ArrayList<>();
    for (int s = 0; s < h * w; s++) {
      byPixel.add(new ArrayList<>());
    }
    int[] divisor = new int[outH * outW];
    for (int py = 0; py < outH; py++) {
      int y0 = py * pool.strideH() - p.top();
      int yStart = Math.max(0, y0);
      int yEnd = Math.min(h, y0 + pool.kernelH());
      for (int px = 0; px < outW; px++) {
        int x0 = px * pool.strideW() - p.left();
        int xStart = Math.max(0, x0);
        int xEnd = Math.min(w, x0 + pool.kernelW());
        int pos = py * outW + px;
        divisor[pos] = pool.countIncludePad() ? pool.kernelH() * pool.kernelW() : (yEnd - yStart) * (xEnd - xStart);
        for (int y = yStart; y < yEnd; y++) {
          for (int x = xStart; x < xEnd; x++) {
            byPixel.get(y * w + x).add(pos);
          }
        }
      }
    }
    int[] start = new int[h * w + 1];
    int total = 0;
    for (int s = 0; s < h * w; s++) {
      start[s] = total;
      total += byPixel.get(s).size();
    }
    start[h * w] = total;
    int[] targets = new int[total];
    for (int s = 0, k = 0; s < h * w; s++) {
      for (int t : byPixel.get(s)) {
        targets[k++] = t;
      }
    }
    return new PoolGeometry(h, w, outH, outW, start, targets, divisor, pool);
  }

  int firstTarget(int pixel) {
    return start[pixel];
  }

  int endTarget(int pixel) {
    return start[pixel + 1];
  }

  int target(int k) {
    return targets[k];
  }

  int divisorIndexOf(int pooledPosition) {
    return divisorIndex[pooledPosition];
  }

  int divisorOf(int pooledPosition) {
    return divisor[pooledPosition];
  }

  /** Source pixels in the window of a pooled position, for the dense (gather) kernels. */
  int[] window(int pooledPosition) {
    if (pool == null) {
      return new int[] {pooledPosition};
    }
    Padding p = pool.padding();
    int py = pooledPosition / outW;
    int px = pooledPosition % outW;
    int y0 = py * pool.strideH() - p.top();
    int x0 = px * pool.strideW() - p.left();
    List<Integer> w = new ArrayList<>();
    for (int y = Math.max(0, y0); y < Math.min(srcH, y0 + pool.kernelH()); y++) {
      for (int x = Math.max(0, x0); x < Math.min(srcW, x0 + pool.kernelW()); x++) {
        w.add(y * srcW + x);
      }
    }
    return w.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Source rows {@code [from, to)} under pooled rows {@code pooled = [from, to)}. */
  static int[] sourceRows(PoolGeometry g, int[] pooled) {
    if (pooled[0] >= pooled[1] || g.pool == null) {
      return pooled;
    }
    AvgPool p = g.pool;
    return Projection.clampRows(pooled[0] * p.strideH() - p.padding().top(),
        (pooled[1] - 1) * p.strideH() - p.padding().top() + p.kernelH() - 1, g.srcH);
  }

  /** Fixed-point weight tables, one per distinct divisor: {@code weights / divisor}. */
  long[][] scaledTables(float[] weights) {
    long[][] tables = new long[divisors.length][];
    for (int d = 0; d < divisors.length; d++) {
      tables[d] = Fixed.of(weights, 1.0 / divisors[d]);
    }
    return tables;
  }
}
