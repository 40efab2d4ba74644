package io.deepsnn.network.snn;

import io.deepsnn.network.graph.MaxPool;
import io.deepsnn.network.graph.Shape;

/**
 * Gated max pooling (Rueckauer et al. 2017; SEMANTICS §7, beyond the paper) between a layer and
 * the conv or fully connected layer after the pool: at timestep t each window passes the spike of
 * the one input that has fired most often in timesteps 0..t−1 (ties: the lowest flat index in the
 * window; padded positions never win), as a spike of its pooled position, and no other spike. The
 * passed spikes then drive {@link #inner()}, the synaptic projection on the pooled grid, so a
 * passed spike costs what a spike under an average pool costs (the synapses of its pooled
 * position). The gate needs each input's spike count so far: that state belongs to one image and
 * one tile, a {@link Gate}, which {@link NeuronStep} holds; this projection itself is stateless and
 * shared like every other.
 */
public final class GatedMaxPoolProjection extends Projection {
  private final MaxPool pool;
  private final Shape pooledShape;
  private final Projection inner;

  GatedMaxPoolProjection(int source, Shape sourceShape, Shape targetShape, MaxPool pool, Shape pooledShape,
                         Projection inner) {
    super(source, sourceShape, targetShape);
    this.pool = pool;
    this.pooledShape = pooledShape;
    this.inner = inner;
  }

  /** The synaptic projection from the pooled grid to the target. */
  public Projection inner() {
    return inner;
  }

  /** The pool. */
  public MaxPool pool() {
    return pool;
  }

  @Override
  public String describe() {
    return "maxpool " + pool.kernelH() + "x" + pool.kernelW() + "/" + pool.strideH() + " gate, " + inner.describe();
  }

  @Override
  public long macs() {
    return inner.macs();
  }

  @Override
  public float[] bias() {
    return inner.bias();
  }

  @Override
  public int[] sourceRows(int rowFrom, int rowTo) {
    int[] pooled = inner.sourceRows(rowFrom, rowTo);
    if (pooled[0] >= pooled[1]) {
      return new int[] {0, 0};
    }
    int lo = pooled[0] * pool.strideH() - pool.padding().top();
    int hi = (pooled[1] - 1) * pool.strideH() - pool.padding().top() + pool.kernelH() - 1;
    return clampRows(lo, hi, sourceShape.height());
  }

  @Override
  long scatter(int spike, boolean negative, long[] v, TouchSet touched, int rowFrom, int rowTo) {
    throw new UnsupportedOperationException("a gated max pool integrates through its gate (NeuronStep), "
        + "not spike by spike");
  }

  @Override
  long fanout(int spike) {
    throw new UnsupportedOperationException("a gated max pool's fan-out depends on its gate");
  }

  @Override
  long fanout(int spike, int rowFrom, int rowTo) {
    throw new UnsupportedOperationException("a gated max pool's fan-out depends on its gate");
  }

  @Override
  void gather(byte[] s, long[] v, int rowFrom, int rowTo) {
    throw new UnsupportedOperationException("a gated max pool integrates through its gate (NeuronStep)");
  }

  /** A new gate: every input's count at zero, for one image. */
  Gate gate() {
    return new Gate();
  }

  /**
   * The gate of one image (and tile): each source neuron's spikes so far. Per timestep, call
   * {@link #collect} with every batch received, then {@link #commit} with the same batches; the
   * passed spikes are {@link #passed()}[0..{@link #passedCount()}) of the pooled grid, channels last.
   */
  final class Gate {
    private final int[] counts = new int[sourceShape.size()];
    private int[] passed = new int[16];
    private int passedCount;

    /** Starts a timestep. */
    void begin() {
      passedCount = 0;
    }

    /** Adds to the passed spikes those of {@code spikes} that win their windows (counts of 0..t−1). */
    void collect(int[] spikes, int count) {
      int channels = sourceShape.channels();
      int width = sourceShape.width();
      for (int i = 0; i < count; i++) {
        int s = spikes[i];
        if (s < 0) {
          throw new IllegalStateException("a negative spike at a gated max pool (only the input has them)");
        }
        int c = s % channels;
        int pixel = s / channels;
        int y = pixel / width;
        int x = pixel % width;
        int qy0 = ceilDiv(y + pool.padding().top() - pool.kernelH() + 1, pool.strideH());
        int qy1 = Math.floorDiv(y + pool.padding().top(), pool.strideH());
        int qx0 = ceilDiv(x + pool.padding().left() - pool.kernelW() + 1, pool.strideW());
        int qx1 = Math.floorDiv(x + pool.padding().left(), pool.strideW());
        for (int qy = Math.max(0, qy0); qy <= Math.min(pooledShape.height() - 1, qy1); qy++) {
          for (int qx = Math.max(0, qx0); qx <= Math.min(pooledShape.width() - 1, qx1); qx++) {
            if (winner(qy, qx, c) == pixel) {
              if (passedCount == passed.length) {
                passed = java.util.Arrays.copyOf(passed, 2 * passed.length);
              }
              passed[passedCount++] = (qy * pooledShape.width() + qx) * channels + c;
            }
          }
        }
      }
    }

    /** Counts the spikes of this timestep (after every {@link #collect} of it). */
    void commit(int[] spikes, int count) {
      for (int i = 0; i < count; i++) {
        counts[spikes[i]]++;
      }
    }

    int[] passed() {
      return passed;
    }

    int passedCount() {
      return passedCount;
    }

    /** The pixel of window (qy, qx) of channel c that has fired most; ties: the lowest flat index. */
    private int winner(int qy, int qx, int c) {
      int channels = sourceShape.channels();
      int width = sourceShape.width();
      int best = -1;
      int bestCount = -1;
      int y0 = qy * pool.strideH() - pool.padding().top();
      int x0 = qx * pool.strideW() - pool.padding().left();
      for (int ky = 0; ky < pool.kernelH(); ky++) {
        int y = y0 + ky;
        if (y < 0 || y >= sourceShape.height()) {
          continue;
        }
        for (int kx = 0; kx < pool.kernelW(); kx++) {
          int x = x0 + kx;
          if (x < 0 || x >= width) {
            continue;
          }
          int n = counts[(y * width + x) * channels + c];
          if (n > bestCount) {
            bestCount = n;
            best = y * width + x;
          }
        }
      }
      return best;
    }
  }

  private static int ceilDiv(int a, int b) {
    return -Math.floorDiv(-a, b);
  }
}
