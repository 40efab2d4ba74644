package io.deepsnn.network.snn;

import io.deepsnn.network.graph.Shape;
import io.deepsnn.network.graph.ZeroPadShortcut;

/**
 * The parameter-free shortcut of a residual unit: the identity, or type A (subsample by the
 * strides, zero channels before/after). Each surviving spike adds exactly 1.0 to one neuron.
 */
final class ShortcutProjection extends Projection {
  private final ZeroPadShortcut shortcut;
  private final Divisor sourceWidth;
  private final Divisor strideH;
  private final Divisor strideW;

  ShortcutProjection(int source, Shape sourceShape, Shape targetShape, ZeroPadShortcut shortcut) {
    super(source, sourceShape, targetShape);
    this.shortcut = shortcut;
    this.sourceWidth = new Divisor(sourceShape.width());
    this.strideH = new Divisor(shortcut.strideH());
    this.strideW = new Divisor(shortcut.strideW());
  }

  @Override
  public String describe() {
    return shortcut.strideH() == 1 && shortcut.strideW() == 1 && shortcut.padBefore() + shortcut.padAfter() == 0
        ? "identity" : "shortcut A /" + shortcut.strideH();
  }

  @Override
  public long macs() {
    return 0;
  }

  @Override
  public boolean isShortcut() {
    return true;
  }

  /** Target channels-last index of a source spike, or -1 when subsampling drops it. */
  private int target(int spike) {
    int c = sourceChannel(spike);
    int pix = sourcePixel(spike);
    int y = sourceWidth.quotient(pix);
    int x = pix - y * sourceShape.width();
    int ty = strideH.quotient(y);
    int tx = strideW.quotient(x);
    if (ty * shortcut.strideH() != y || tx * shortcut.strideW() != x) {
      return -1;
    }
    int pos = ty * targetShape.width() + tx;
    return pos * targetShape.channels() + shortcut.padBefore() + c;
  }

  @Override
  long scatter(int spike, boolean negative, long[] v, TouchSet touched, int rowFrom, int rowTo) {
    int t = target(spike);
    if (t < 0) {
      return 0;
    }
    int pos = t / targetShape.channels();
    int row = pos / targetShape.width();
    if (row < rowFrom || row >= rowTo) {
      return 0;
    }
    int local = t - rowFrom * targetShape.width() * targetShape.channels();
    v[local] += negative ? -Fixed.ONE : Fixed.ONE;
    touched.mark(pos - rowFrom * targetShape.width());
    return 1;
  }

  @Override
  public int[] sourceRows(int rowFrom, int rowTo) {
    return clampRows(rowFrom * shortcut.strideH(), (rowTo - 1) * shortcut.strideH(), sourceShape.height());
  }

  @Override
  long fanout(int spike) {
    return target(spike) >= 0 ? 1 : 0;
  }

  @Override
  long fanout(int spike, int rowFrom, int rowTo) {
    int t = target(spike);
    if (t < 0) {
      return 0;
    }
    int row = t / targetShape.channels() / targetShape.width();
    return row >= rowFrom && row < rowTo ? 1 : 0;
  }

  @Override
  void gather(byte[] s, long[] v, int rowFrom, int rowTo) {
    int cs = sourceShape.channels();
    int ct = targetShape.channels();
    for (int ty = rowFrom; ty < rowTo; ty++) {
      for (int tx = 0; tx < targetShape.width(); tx++) {
        int src = ((ty * shortcut.strideH()) * sourceShape.width() + tx * shortcut.strideW()) * cs;
        int dst = ((ty - rowFrom) * targetShape.width() + tx) * ct + shortcut.padBefore();
        for (int c = 0; c < cs; c++) {
          v[dst + c] += s[src + c] * Fixed.ONE;
        }
      }
    }
  }
}
