package io.deepsnn.network.onnx;

import io.deepsnn.protocol.onnx.Onnx.NodeProto;
import io.deepsnn.protocol.onnx.Onnx.TensorProto.DataType;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Evaluates, at import time, the small integer subgraphs that {@code torch.onnx.export} writes to
 * compute arguments such as the pads of {@code F.pad} (ConstantOfShape, Concat, Reshape, Slice,
 * Transpose, Cast, ...). Only nodes whose inputs are all constants are folded; none of these ops
 * ever runs on image data.
 */
final class ConstantFolder {
  /** Ops this folder evaluates when all their inputs are constants. */
  static final Set<String> FOLDABLE = Set.of("ConstantOfShape", "Concat", "Reshape", "Slice", "Transpose",
      "Cast", "Unsqueeze", "Squeeze", "Gather", "Add", "Sub", "Mul", "Div", "Identity");

  private final TensorDecoder decoder;
  private final long maxElements;

  ConstantFolder(TensorDecoder decoder, long maxBytes) {
    this.decoder = decoder;
    this.maxElements = maxBytes / 4;
  }

  /** The value of {@code node} applied to constant {@code in} (empty optional inputs are null). */
  ConstTensor fold(NodeProto node, List<ConstTensor> in, Attributes a, NodeContext ctx) {
    String name = node.getOutput(0);
    return switch (node.getOpType()) {
      case "Identity" -> in.get(0);
      case "ConstantOfShape" -> constantOfShape(name, in.get(0), a, ctx);
      case "Cast" -> cast(name, in.get(0), (int) a.getInt("to", DataType.FLOAT_VALUE), ctx);
      case "Reshape" -> reshape(name, in.get(0), in.get(1).toLongs(), ctx);
      case "Concat" -> concat(name, in, (int) a.getInt("axis", 0), ctx);
      case "Transpose" -> transpose(name, in.get(0), a.getInts("perm", null, in.get(0).rank()));
      case "Slice" -> slice(name, in, ctx);
      case "Unsqueeze" -> unsqueeze(name, in.get(0), axesOf(in, a), ctx);
      case "Squeeze" -> squeeze(name, in.get(0), axesOf(in, a));
      case "Gather" -> gather(name, in.get(0), in.get(1), (int) a.getInt("axis", 0), ctx);
      case "Add", "Sub", "Mul", "Div" -> arithmetic(name, node.getOpType(), in.get(0), in.get(1), ctx);
      default -> throw ctx.error("cannot be evaluated at import time");
    };
  }

  private ConstTensor constantOfShape(String name, ConstTensor shape, Attributes a, NodeContext ctx) {
    long[] dims = shape.toLongs();
    long n = checkedCount(dims, ctx);
    if (a.has("value")) {
      ConstTensor v = decoder.decode(a.get("value").getT(), "node '" + ctx.name() + "' value");
      if (v.isFloat()) {
        float[] f = new float[(int) n];
        Arrays.fill(f, v.floats()[0]);
        return ConstTensor.ofFloats(name, dims, f);
      }
      long[] l = new long[(int) n];
      Arrays.fill(l, v.longs()[0]);
      return ConstTensor.ofLongs(name, dims, l);
    }
    return ConstTensor.ofFloats(name, dims, new float[(int) n]);
  }

  private static ConstTensor cast(String name, ConstTensor t, int to, NodeContext ctx) {
    DataType type = DataType.forNumber(to);
    if (type == DataType.FLOAT || type == DataType.DOUBLE) {
      return ConstTensor.ofFloats(name, t.dims(), t.toFloats());
    }
    if (type == DataType.INT64 || type == DataType.INT32) {
      return ConstTensor.ofLongs(name, t.dims(), t.toLongs());
    }
    throw ctx.error("Cast to " + type + " is not supported");
  }

  private ConstTensor reshape(String name, ConstTensor t, long[] target, NodeContext ctx) {
    long[] dims = target.clone();
    int infer = -1;
    long known = 1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] == 0) {
        dims[i] = t.dims()[i];
      }
      if (dims[i] == -1) {
        infer = i;
      } else {
        known *= dims[i];
      }
    }
    if (infer >= 0) {
      dims[infer] = known == 0 ? 0 : t.elementCount() / known;
    }
    if (checkedCount(dims, ctx) != t.elementCount()) {
      throw ctx.error("cannot reshape " + t.shapeString() + " to " + Arrays.toString(target));
    }
    return withDims(name, t, dims);
  }

  private ConstTensor concat(String name, List<ConstTensor> in, int axis, NodeContext ctx) {
    int rank = in.get(0).rank();
    int ax = axis < 0 ? axis + rank : axis;
    long[] dims = in.get(0).dims().clone();
    dims[ax] = 0;
    for (ConstTensor t : in) {
      dims[ax] += t.dims()[ax];
    }
    int outer = (int) prod(dims, 0, ax);
    int inner = (int) prod(dims, ax + 1, rank);
    int n = (int) checkedCount(dims, ctx);
    int[] srcT = new int[n];
    int[] srcI = new int[n];
    int k = 0;
    for (int o = 0; o < outer; o++) {
      for (int ti = 0; ti < in.size(); ti++) {
        int chunk = (int) in.get(ti).dims()[ax] * inner;
        for (int j = 0; j < chunk; j++) {
          srcT[k] = ti;
          srcI[k++] = o * chunk + j;
        }
      }
    }
    return gatherFrom(name, in, srcT, srcI, dims);
  }

  private ConstTensor transpose(String name, ConstTensor t, long[] perm) {
    int rank = t.rank();
    if (perm == null) {
      perm = new long[rank];
      for (int i = 0; i < rank; i++) {
        perm[i] = rank - 1 - i;
      }
    }
    long[] dims = new long[rank];
    for (int i = 0; i < rank; i++) {
      dims[i] = t.dims()[(int) perm[i]];
    }
    long[] srcStrides = strides(t.dims());
    int n = t.elementCount();
    int[] srcI = new int[n];
    int[] idx = new int[rank];
    for (int k = 0; k < n; k++) {
      long off = 0;
      for (int i = 0; i < rank; i++) {
        off += idx[i] * srcStrides[(int) perm[i]];
      }
      srcI[k] = (int) off;
      increment(idx, dims);
    }
    return gatherFrom(name, List.of(t), new int[n], srcI, dims);
  }

  private ConstTensor slice(String name, List<ConstTensor> in, NodeContext ctx) {
    ConstTensor t = in.get(0);
    int rank = t.rank();
    long[] starts = in.get(1).toLongs();
    long[] ends = in.get(2).toLongs();
    long[] axes = in.size() > 3 && in.get(3) != null ? in.get(3).toLongs() : null;
    long[] steps = in.size() > 4 && in.get(4) != null ? in.get(4).toLongs() : null;
    long[] start = new long[rank];
    long[] step = new long[rank];
    long[] dims = t.dims().clone();
    Arrays.fill(step, 1);
    for (int i = 0; i < starts.length; i++) {
      int ax = (int) (axes == null ? i : axes[i] < 0 ? axes[i] + rank : axes[i]);
      long d = t.dims()[ax];
      long s = steps == null ? 1 : steps[i];
      if (s == 0) {
        throw ctx.error("Slice step 0");
      }
      long b = starts[i] < 0 ? starts[i] + d : starts[i];
      long e = ends[i] < 0 ? ends[i] + d : ends[i];
      // ONNX clamping: [0, d] for positive steps, [-1, d-1] for negative ones.
      b = s > 0 ? clamp(b, 0, d) : clamp(b, 0, d - 1);
      e = s > 0 ? clamp(e, 0, d) : clamp(e, -1, d - 1);
      long len = s > 0 ? Math.max(0, (e - b + s - 1) / s) : Math.max(0, (b - e + (-s) - 1) / (-s));
      start[ax] = b;
      step[ax] = s;
      dims[ax] = len;
    }
    long[] srcStrides = strides(t.dims());
    int n = (int) checkedCount(dims, ctx);
    int[] srcI = new int[n];
    int[] idx = new int[rank];
    for (int k = 0; k < n; k++) {
      long off = 0;
      for (int i = 0; i < rank; i++) {
        off += (start[i] + idx[i] * step[i]) * srcStrides[i];
      }
      srcI[k] = (int) off;
      increment(idx, dims);
    }
    return gatherFrom(name, List.of(t), new int[n], srcI, dims);
  }

  private ConstTensor unsqueeze(String name, ConstTensor t, long[] axes, NodeContext ctx) {
    int rank = t.rank() + axes.length;
    boolean[] inserted = new boolean[rank];
    for (long a : axes) {
      inserted[(int) (a < 0 ? a + rank : a)] = true;
    }
    long[] dims = new long[rank];
    for (int i = 0, j = 0; i < rank; i++) {
      dims[i] = inserted[i] ? 1 : t.dims()[j++];
    }
    return withDims(name, t, dims);
  }

  private ConstTensor squeeze(String name, ConstTensor t, long[] axes) {
    int rank = t.rank();
    boolean[] drop = new boolean[rank];
    for (int i = 0; i < rank; i++) {
      drop[i] = axes == null && t.dims()[i] == 1;
    }
    if (axes != null) {
      for (long a : axes) {
        drop[(int) (a < 0 ? a + rank : a)] = true;
      }
    }
    long[] dims = java.util.stream.IntStream.range(0, rank).filter(i -> !drop[i]).mapToLong(i -> t.dims()[i]).toArray();
    return withDims(name, t, dims);
  }

  private ConstTensor gather(String name, ConstTensor t, ConstTensor indices, int axis, NodeContext ctx) {
    int rank = t.rank();
    int ax = axis < 0 ? axis + rank : axis;
    long[] idx = indices.toLongs();
    long[] dims = new long[rank - 1 + indices.rank()];
    int k = 0;
    for (int i = 0; i < ax; i++) {
      dims[k++] = t.dims()[i];
    }
    for (long d : indices.dims()) {
      dims[k++] = d;
    }
    for (int i = ax + 1; i < rank; i++) {
      dims[k++] = t.dims()[i];
    }
    int outer = (int) prod(t.dims(), 0, ax);
    int inner = (int) prod(t.dims(), ax + 1, rank);
    long axisLen = t.dims()[ax];
    int n = (int) checkedCount(dims, ctx);
    int[] srcI = new int[n];
    int p = 0;
    for (int o = 0; o < outer; o++) {
      for (long g : idx) {
        long j = g < 0 ? g + axisLen : g;
        if (j < 0 || j >= axisLen) {
          throw ctx.error("Gather index " + g + " out of range");
        }
        for (int i = 0; i < inner; i++) {
          srcI[p++] = (int) ((o * axisLen + j) * inner + i);
        }
      }
    }
    return gatherFrom(name, List.of(t), new int[n], srcI, dims);
  }

  private static ConstTensor arithmetic(String name, String op, ConstTensor a, ConstTensor b, NodeContext ctx) {
    boolean sameShape = Arrays.equals(a.dims(), b.dims());
    if (!sameShape && a.elementCount() != 1 && b.elementCount() != 1) {
      throw ctx.error("broadcasting " + a.shapeString() + " with " + b.shapeString() + " is not supported");
    }
    ConstTensor big = a.elementCount() >= b.elementCount() ? a : b;
    int n = big.elementCount();
    if (a.isFloat() || b.isFloat()) {
      float[] x = a.toFloats();
      float[] y = b.toFloats();
      float[] r = new float[n];
      for (int i = 0; i < n; i++) {
        float u = x[x.length == 1 ? 0 : i];
        float v = y[y.length == 1 ? 0 : i];
        r[i] = switch (op) {
          case "Add" -> u + v;
          case "Sub" -> u - v;
          case "Mul" -> u * v;
          default -> u / v;
        };
      }
      return ConstTensor.ofFloats(name, big.dims(), r);
    }
    long[] x = a.toLongs();
    long[] y = b.toLongs();
    long[] r = new long[n];
    for (int i = 0; i < n; i++) {
      long u = x[x.length == 1 ? 0 : i];
      long v = y[y.length == 1 ? 0 : i];
      if (op.equals("Div") && v == 0) {
        throw ctx.error("integer division by zero");
      }
      r[i] = switch (op) {
        case "Add" -> u + v;
        case "Sub" -> u - v;
        case "Mul" -> u * v;
        default -> Math.floorDiv(u, v);
      };
    }
    return ConstTensor.ofLongs(name, big.dims(), r);
  }

  private static long[] axesOf(List<ConstTensor> in, Attributes a) {
    if (in.size() > 1 && in.get(1) != null) {
      return in.get(1).toLongs();
    }
    return a.getInts("axes", null, -1);
  }

  /** Builds a tensor whose element k is element srcI[k] of tensor srcT[k]. */
  private static ConstTensor gatherFrom(String name, List<ConstTensor> src, int[] srcT, int[] srcI, long[] dims) {
    boolean floats = src.stream().anyMatch(ConstTensor::isFloat);
    int n = srcI.length;
    if (floats) {
      float[][] values = src.stream().map(ConstTensor::toFloats).toArray(float[][]::new);
      float[] f = new float[n];
      for (int k = 0; k < n; k++) {
        f[k] = values[srcT[k]][srcI[k]];
      }
      return ConstTensor.ofFloats(name, dims, f);
    }
    long[] l = new long[n];
    for (int k = 0; k < n; k++) {
      l[k] = src.get(srcT[k]).longs()[srcI[k]];
    }
    return ConstTensor.ofLongs(name, dims, l);
  }

  private static ConstTensor withDims(String name, ConstTensor t, long[] dims) {
    return t.isFloat() ? ConstTensor.ofFloats(name, dims, t.floats()) : ConstTensor.ofLongs(name, dims, t.longs());
  }

  private long checkedCount(long[] dims, NodeContext ctx) {
    long n = 1;
    for (long d : dims) {
      if (d < 0) {
        throw ctx.error("negative dimension " + d);
      }
      n *= d;
      if (n > maxElements) {
        throw ctx.error("constant of " + Arrays.toString(dims) + " exceeds the tensor size limit");
      }
    }
    return n;
  }

  private static long[] strides(long[] dims) {
    long[] s = new long[dims.length];
    long acc = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= dims[i];
    }
    return s;
  }

  private static void increment(int[] idx, long[] dims) {
    for (int i = idx.length - 1; i >= 0; i--) {
      if (++idx[i] < dims[i]) {
        return;
      }
      idx[i] = 0;
    }
  }

  private static long prod(long[] dims, int from, int to) {
    long p = 1;
    for (int i = from; i < to; i++) {
      p *= dims[i];
    }
    return p;
  }

  private static long clamp(long v, long lo, long hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
