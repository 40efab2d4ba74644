package io.deepsnn.network.onnx;

/**
 * A constant tensor read from an initializer or a {@code Constant} node. Floating-point tensors
 * (weights) keep float values; integer tensors (Slice, Pad and Reshape arguments) keep longs.
 * Exactly one of {@code floats} and {@code longs} is non-null.
 */
record ConstTensor(String name, long[] dims, float[] floats, long[] longs) {

  static ConstTensor ofFloats(String name, long[] dims, float[] values) {
    return new ConstTensor(name, dims, values, null);
  }

  static ConstTensor ofLongs(String name, long[] dims, long[] values) {
    return new ConstTensor(name, dims, null, values);
  }

  boolean isFloat() {
    return floats != null;
  }

  int elementCount() {
    return isFloat() ? floats.length : longs.length;
  }

  int rank() {
    return dims.length;
  }

  boolean allZero() {
    if (isFloat()) {
      for (float v : floats) {
        if (v != 0) {
          return false;
        }
      }
    } else {
      for (long v : longs) {
        if (v != 0) {
          return false;
        }
      }
    }
    return true;
  }

  /** Values as floats (integer tensors converted). */
  float[] toFloats() {
    if (isFloat()) {
      return floats;
    }
    float[] f = new float[longs.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = longs[i];
    }
    return f;
  }

  /** Values as longs (float tensors truncated; used for shape-like arguments only). */
  long[] toLongs() {
    if (!isFloat()) {
      return longs;
    }
    long[] l = new long[floats.length];
    for (int i = 0; i < l.length; i++) {
      l[i] = (long) floats[i];
    }
    return l;
  }

  /** Index of the first NaN or infinite value, or -1. */
  int firstNonFinite() {
    if (isFloat()) {
      for (int i = 0; i < floats.length; i++) {
        if (!Float.isFinite(floats[i])) {
          return i;
        }
      }
    }
    return -1;
  }

  String shapeString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < dims.length; i++) {
      sb.append(i == 0 ? "" : ",").append(dims[i]);
    }
    return sb.append(']').toString();
  }
}
