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

  /** Target position (y·W + x) of a source spike, or -1 when subsampling drops it; no division. */
  private int targetPosition(int spike) {
    int pix = sourcePixel(spike);
    int y = sourceWidth.quotient(pix);
    int x = pix - y * sourceShape.width();
    int ty = strideH.quotient(y);
    int tx = strideW.quotient(x);
    if (ty * shortcut.strideH() != y || tx * shortcut.strideW() != x) {
      return -1;
    }
    return ty * targetShape.width() + tx;
  }

  @Override
  long scatter(int spike, boolean negative, long[] v, TouchSet touched, int rowFrom, int rowTo) {
    int pos = targetPosition(spike);
    int lo = rowFrom * targetShape.width();
    if (pos < lo || pos >= rowTo * targetShape.width()) {
      return 0; // dropped by subsampling, or outside this tile's rows
    }
    int local = (pos - lo) * targetShape.channels() + shortcut.padBefore() + sourceChannel(spike);
    v[local] += negative ? -Fixed.ONE : Fixed.ONE;
    touched.mark(pos - lo);
    return 1;
  }

  @Override
  public int[] sourceRows(int rowFrom, int rowTo) {
    return clampRows(rowFrom * shortcut.strideH(), (rowTo - 1) * shortcut.strideH(), sourceShape.height());
  }

  @Override
  long fanout(int spike) {
    return targetPosition(spike) >= 0 ? 1 : 0;
  }

  @Override
  long fanout(int spike, int rowFrom, int rowTo) {
    int pos = targetPosition(spike);
    return pos >= rowFrom * targetShape.width() && pos < rowTo * targetShape.width() ? 1 : 0;
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
