package io.deepsnn.network.onnx;

import io.deepsnn.network.graph.Padding;
import io.deepsnn.network.graph.Shape;

/** The padding of a sliding window (Conv, AveragePool) from its 'pads' or 'auto_pad' attribute. */
final class WindowPadding {
  private WindowPadding() {
  }

  /** The padding of a {@code kh}×{@code kw} window with the given strides over {@code in}. */
  static Padding of(Attributes a, NodeContext ctx, Shape in, int kh, int kw, long[] strides) {
    String autoPad = a.getString("auto_pad", "NOTSET");
    switch (autoPad) {
      case "NOTSET" -> {
        long[] p = a.getInts("pads", new long[] {0, 0, 0, 0}, 4);
        return new Padding((int) p[0], (int) p[1], (int) p[2], (int) p[3]);
      }
      case "VALID" -> {
        return Padding.NONE;
      }
      case "SAME_UPPER", "SAME_LOWER" -> {
        int th = samePadTotal(in.height(), kh, (int) strides[0]);
        int tw = samePadTotal(in.width(), kw, (int) strides[1]);
        boolean upper = autoPad.equals("SAME_UPPER");
        int top = upper ? th / 2 : th - th / 2;
        int left = upper ? tw / 2 : tw - tw / 2;
        return new Padding(top, left, th - top, tw - left);
      }
      default -> throw ctx.error("auto_pad '" + autoPad + "' is not supported");
    }
  }

  /** SAME padding: the output is ceil(size / stride), the padding whatever that needs. */
  private static int samePadTotal(int size, int k, int stride) {
    int out = (size + stride - 1) / stride;
    return Math.max((out - 1) * stride + k - size, 0);
  }
}
