package io.deepsnn.network.ann;

import io.deepsnn.network.graph.AvgPool;
import io.deepsnn.network.graph.MaxPool;
import io.deepsnn.network.graph.Conv2d;
import io.deepsnn.network.graph.Dense;
import io.deepsnn.network.graph.Padding;
import io.deepsnn.network.graph.Shape;
import io.deepsnn.network.graph.ZeroPadShortcut;

/**
 * Dense float32 kernels of the ANN, one image at a time, in C×H×W layout, with padding, strides
 * and pooling exactly as ONNX defines them. Loops are ordered so that the innermost runs over
 * contiguous output pixels, which the JIT vectorises.
 */
public final class AnnKernels {
  private AnnKernels() {
  }

  /** {@code out = conv(in)}; {@code out} is overwritten. */
  public static void conv2d(Conv2d c, float[] in, Shape inShape, float[] out, Shape outShape) {
    int h = inShape.height();
    int w = inShape.width();
    int oh = outShape.height();
    int ow = outShape.width();
    int sh = c.strideH();
    int sw = c.strideW();
    Padding p = c.padding();
    float[] weights = c.weights();
    java.util.Arrays.fill(out, 0, outShape.size(), 0f);
    for (int co = 0; co < c.outChannels(); co++) {
      int outPlane = co * oh * ow;
      for (int ci = 0; ci < c.inChannels(); ci++) {
        int inPlane = ci * h * w;
        for (int ky = 0; ky < c.kernelH(); ky++) {
          // Output rows whose input row oy*sh - top + ky lies inside the image.
          int oyMin = ceilDiv(p.top() - ky, sh);
          int oyMax = Math.min(oh - 1, floorDiv(h - 1 + p.top() - ky, sh));
          for (int kx = 0; kx < c.kernelW(); kx++) {
            float wt = weights[((co * c.inChannels() + ci) * c.kernelH() + ky) * c.kernelW() + kx];
            if (wt == 0f) {
              continue;
            }
            int oxMin = ceilDiv(p.left() - kx, sw);
            int oxMax = Math.min(ow - 1, floorDiv(w - 1 + p.left() - kx, sw));
            for (int oy = Math.max(0, oyMin); oy <= oyMax; oy++) {
              int inRow = inPlane + (oy * sh - p.top() + ky) * w - p.left() + kx;
              int outRow = outPlane + oy * ow;
              if (sw == 1) {
                for (int ox = Math.max(0, oxMin); ox <= oxMax; ox++) {
                  out[outRow + ox] += wt * in[inRow + ox];
                }
              } else {
                for (int ox = Math.max(0, oxMin); ox <= oxMax; ox++) {
                  out[outRow + ox] += wt * in[inRow + ox * sw];
                }
              }
            }
          }
        }
      }
    }
    if (c.bias() != null) {
      // After the sums, as ONNX Runtime adds it.
      int plane = oh * ow;
      for (int co = 0; co < c.outChannels(); co++) {
        float b = c.bias()[co];
        for (int k = co * plane, end = k + plane; k < end; k++) {
          out[k] += b;
        }
      }
    }
  }

  /** {@code out = W·in}. */
  public static void dense(Dense d, float[] in, float[] out) {
    int n = d.inFeatures();
    float[] w = d.weights();
    for (int o = 0; o < d.outFeatures(); o++) {
      float sum = 0f;
      int row = o * n;
      for (int i = 0; i < n; i++) {
        sum += w[row + i] * in[i];
      }
      out[o] = d.bias() == null ? sum : sum + d.bias()[o];
    }
  }

  /** Average pooling, ONNX semantics (floor mode, {@code count_include_pad} as given). */
  public static void avgPool(AvgPool a, float[] in, Shape inShape, float[] out, Shape outShape) {
    pool(a.kernelH(), a.kernelW(), a.strideH(), a.strideW(), a.padding(), in, inShape, out, outShape,
        (x, plane, w, yStart, yEnd, xStart, xEnd) -> {
          float sum = 0f;
          for (int y = yStart; y < yEnd; y++) {
            for (int i = xStart; i < xEnd; i++) {
              sum += x[plane + y * w + i];
            }
          }
          int count = a.countIncludePad() ? a.kernelH() * a.kernelW() : (yEnd - yStart) * (xEnd - xStart);
          return sum / count;
        });
  }

  /** ONNX MaxPool (floor mode): the largest input of each window; padded positions never win. */
  public static void maxPool(MaxPool a, float[] in, Shape inShape, float[] out, Shape outShape) {
    pool(a.kernelH(), a.kernelW(), a.strideH(), a.strideW(), a.padding(), in, inShape, out, outShape,
        (x, plane, w, yStart, yEnd, xStart, xEnd) -> {
          float max = Float.NEGATIVE_INFINITY;
          for (int y = yStart; y < yEnd; y++) {
            for (int i = xStart; i < xEnd; i++) {
              max = Math.max(max, x[plane + y * w + i]);
            }
          }
          return max;
        });
  }

  /** What a pool computes from the part of one window inside the image (rows and columns, end exclusive). */
  @FunctionalInterface
  private interface Window {
    float reduce(float[] in, int plane, int width, int yStart, int yEnd, int xStart, int xEnd);
  }

  /** The window walk both pools share (floor mode; padding clips the window to the image). */
  private static void pool(int kh, int kw, int sh, int sw, Padding p, float[] in, Shape inShape, float[] out,
                           Shape outShape, Window window) {
    int h = inShape.height();
    int w = inShape.width();
    int oh = outShape.height();
    int ow = outShape.width();
    for (int c = 0; c < inShape.channels(); c++) {
      int inPlane = c * h * w;
      for (int oy = 0; oy < oh; oy++) {
        int y0 = oy * sh - p.top();
        int yStart = Math.max(0, y0);
        int yEnd = Math.min(h, y0 + kh);
        for (int ox = 0; ox < ow; ox++) {
          int x0 = ox * sw - p.left();
          out[(c * oh + oy) * ow + ox] = window.reduce(in, inPlane, w, yStart, yEnd, Math.max(0, x0),
              Math.min(w, x0 + kw));
        }
      }
    }
  }

  /** {@code out = max(in, 0)}. */
  public static void relu(float[] in, float[] out, int n) {
    for (int i = 0; i < n; i++) {
      out[i] = in[i] > 0f ? in[i] : 0f;
    }
  }

  /** {@code out = min(max(in, 0), clip)}: a ReLU with a trained clip level (ONNX Clip(0, clip)). */
  public static void clippedRelu(float[] in, float[] out, int n, float clip) {
    for (int i = 0; i < n; i++) {
      float v = in[i] > 0f ? in[i] : 0f;
      out[i] = v < clip ? v : clip;
    }
  }

  /** {@code out = a + b}. */
  public static void add(float[] a, float[] b, float[] out, int n) {
    for (int i = 0; i < n; i++) {
      out[i] = a[i] + b[i];
    }
  }

  /** Type-A shortcut: subsample by the strides, zero channels before and after. */
  public static void shortcut(ZeroPadShortcut s, float[] in, Shape inShape, float[] out, Shape outShape) {
    java.util.Arrays.fill(out, 0, outShape.size(), 0f);
    int oh = outShape.height();
    int ow = outShape.width();
    for (int c = 0; c < inShape.channels(); c++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          out[outShape.index(c + s.padBefore(), oy, ox)] = in[inShape.index(c, oy * s.strideH(), ox * s.strideW())];
        }
      }
    }
  }

  private static int floorDiv(int a, int b) {
    return Math.floorDiv(a, b);
  }

  private static int ceilDiv(int a, int b) {
    return -Math.floorDiv(-a, b);
  }
}
