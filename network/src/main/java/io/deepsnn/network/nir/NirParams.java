package io.deepsnn.network.nir;

import java.util.Arrays;

/**
 * Reads a NIR node's parameters as the importer needs them, refusing with one line that names the
 * file, the node and the dataset whatever does not have the expected kind, size or range.
 */
final class NirParams {
  private final NirNode node;
  private final String where;

  NirParams(NirNode node, String where) {
    this.node = node;
    this.where = where;
  }

  /** A refusal naming the file and the node. */
  NirException refuse(String why) {
    return new NirException(where + ": node " + node.describe() + ": " + why);
  }

  /** The numbers of {@code key}, all finite. */
  double[] finite(String key) {
    NirTensor t = node.param(key);
    if (!t.isNumeric()) {
      throw refuse("'" + key + "' must hold numbers, got " + t.describe());
    }
    double[] v = t.doubles();
    for (double x : v) {
      if (!Double.isFinite(x)) {
        throw refuse("'" + key + "' holds " + x + "; weights, biases and thresholds must be finite");
      }
    }
    return v;
  }

  /** {@link #finite} as float32 (NIR weights: what this project's graph holds). */
  float[] finiteFloats(String key) {
    finite(key);
    return node.param(key).floats();
  }

  /** The dimensions of {@code key}, which must have {@code rank} of them ({@code layout} names them). */
  int[] dims(String key, int rank, String layout) {
    NirTensor t = node.param(key);
    if (t.shape().length != rank) {
      throw refuse("'" + key + "' must be " + layout + ", got " + t.describe());
    }
    return t.shape();
  }

  /** The one value every element of {@code key} has (one per node: this simulator's layers share it). */
  double uniform(String key) {
    double[] v = finite(key);
    if (v.length == 0) {
      throw refuse("'" + key + "' is empty");
    }
    for (double x : v) {
      if (Double.compare(x, v[0]) != 0) {
        throw refuse("'" + key + "' differs between neurons (" + v[0] + " and " + x + "); this simulator has one "
            + "value per layer");
      }
    }
    return v[0];
  }

  /** One integer. */
  int integer(String key) {
    long[] v = node.param(key).longs();
    if (v == null || v.length != 1 || Math.abs(v[0]) > 1 << 20) {
      throw refuse("'" + key + "' must be one integer, got " + node.param(key).describe());
    }
    return (int) v[0];
  }

  /** One integer, or {@code fallback} when absent. */
  int integer(String key, int fallback) {
    return node.has(key) ? integer(key) : fallback;
  }

  /** An int or a pair of ints (height, width), each in [0, 2^16]. */
  int[] pair(String key) {
    long[] v = node.param(key).longs();
    if (v == null || (v.length != 1 && v.length != 2) || Arrays.stream(v).anyMatch(x -> x < 0 || x > 1 << 16)) {
      throw refuse("'" + key + "' must be one or two integers in [0, 65536], got " + node.param(key).describe());
    }
    return new int[] {(int) v[0], (int) v[v.length - 1]};
  }

  /** As {@link #pair(String)}, or {@code fallback} when absent. */
  int[] pair(String key, int[] fallback) {
    return node.has(key) ? pair(key) : fallback;
  }

  /** Zero padding (height, width): numbers, or NIR's "valid" and "same" (stride 1, odd kernels). */
  int[] padding(int kh, int kw, int[] stride) {
    if (!node.has("padding")) {
      return new int[] {0, 0};
    }
    NirTensor p = node.param("padding");
    if (p.kind() != NirTensor.Kind.STRING) {
      return pair("padding");
    }
    String s = p.size() == 1 ? p.string() : Arrays.toString(p.strings());
    if (s.equals("valid")) {
      return new int[] {0, 0};
    }
    if (s.equals("same") && stride[0] == 1 && stride[1] == 1 && kh % 2 == 1 && kw % 2 == 1) {
      return new int[] {kh / 2, kw / 2};
    }
    throw refuse("padding '" + s + "' is not supported here ('valid', or 'same' with stride 1 and an odd kernel)");
  }

  /** A metadata flag (an integer), or {@code fallback} when absent or not one integer. */
  long flag(String key, long fallback) {
    NirTensor t = node.metadata().get(key);
    long[] v = t != null && t.size() == 1 ? t.longs() : null;
    return v == null ? fallback : v[0];
  }

  /** A metadata number, or NaN when absent or not one number. */
  double number(String key) {
    NirTensor t = node.metadata().get(key);
    return t != null && t.isNumeric() && t.size() == 1 ? t.doubles()[0] : Double.NaN;
  }

  /** A metadata string, or null when absent or not one string. */
  String text(String key) {
    NirTensor t = node.metadata().get(key);
    return t != null && t.kind() == NirTensor.Kind.STRING && t.size() == 1 ? t.string() : null;
  }

  /** A metadata vector of {@code n} finite numbers, or null. */
  double[] vector(String key, int n) {
    NirTensor t = node.metadata().get(key);
    if (t == null || !t.isNumeric() || t.size() != n) {
      return null;
    }
    double[] v = t.doubles();
    return Arrays.stream(v).allMatch(Double::isFinite) ? v : null;
  }
}
