package io.deepsnn.network.nir;

import java.util.Arrays;

/**
 * One dataset of a NIR file: a typed array with its shape (row-major, C order as numpy and HDF5
 * store it). A scalar has an empty shape and one value.
 *
 * @param kind the element type
 * @param shape dimensions (empty for a scalar)
 * @param data a {@code float[]}, {@code double[]}, {@code long[]} or {@code String[]} of
 *     {@code product(shape)} values
 */
public record NirTensor(Kind kind, int[] shape, Object data) {
  /** Element types this project reads and writes. */
  public enum Kind {
    FLOAT32,
    FLOAT64,
    INT64,
    STRING
  }

  /** Validates that the data holds exactly one value per element of the shape. */
  public NirTensor {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      n *= d;
    }
    int length = switch (kind) {
      case FLOAT32 -> ((float[]) data).length;
      case FLOAT64 -> ((double[]) data).length;
      case INT64 -> ((long[]) data).length;
      case STRING -> ((String[]) data).length;
    };
    if (length != n) {
      throw new IllegalArgumentException(length + " values for shape " + Arrays.toString(shape));
    }
    shape = shape.clone();
  }

  /** A float32 array. */
  public static NirTensor f32(float[] values, int... shape) {
    return new NirTensor(Kind.FLOAT32, shape, values);
  }

  /** A float64 array. */
  public static NirTensor f64(double[] values, int... shape) {
    return new NirTensor(Kind.FLOAT64, shape, values);
  }

  /** An int64 array. */
  public static NirTensor i64(long[] values, int... shape) {
    return new NirTensor(Kind.INT64, shape, values);
  }

  /** An int64 vector of {@code values}. */
  public static NirTensor ints(long... values) {
    return new NirTensor(Kind.INT64, new int[] {values.length}, values);
  }

  /** An int64 scalar. */
  public static NirTensor scalar(long value) {
    return new NirTensor(Kind.INT64, new int[0], new long[] {value});
  }

  /** A float64 scalar. */
  public static NirTensor scalar(double value) {
    return new NirTensor(Kind.FLOAT64, new int[0], new double[] {value});
  }

  /** A string scalar. */
  public static NirTensor string(String value) {
    return new NirTensor(Kind.STRING, new int[0], new String[] {value});
  }

  /** A vector of strings. */
  public static NirTensor strings(String... values) {
    return new NirTensor(Kind.STRING, new int[] {values.length}, values.clone());
  }

  /** The dimensions (a copy). */
  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** Number of elements. */
  public int size() {
    return switch (kind) {
      case FLOAT32 -> ((float[]) data).length;
      case FLOAT64 -> ((double[]) data).length;
      case INT64 -> ((long[]) data).length;
      case STRING -> ((String[]) data).length;
    };
  }

  /** Whether it holds numbers. */
  public boolean isNumeric() {
    return kind != Kind.STRING;
  }

  /** The values as doubles (integers converted). */
  public double[] doubles() {
    return switch (kind) {
      case FLOAT32 -> {
        float[] f = (float[]) data;
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
          d[i] = f[i];
        }
        yield d;
      }
      case FLOAT64 -> ((double[]) data).clone();
      case INT64 -> Arrays.stream((long[]) data).asDoubleStream().toArray();
      case STRING -> throw new IllegalStateException("a string dataset has no numbers");
    };
  }

  /** The values as float32 (float64 and integers rounded to the nearest float). */
  public float[] floats() {
    if (kind == Kind.FLOAT32) {
      return ((float[]) data).clone();
    }
    double[] d = doubles();
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  /** The values as integers; null for strings and when one of them is not a whole number. */
  public long[] longs() {
    if (kind == Kind.STRING) {
      return null;
    }
    if (kind == Kind.INT64) {
      return ((long[]) data).clone();
    }
    double[] d = doubles();
    long[] l = new long[d.length];
    for (int i = 0; i < d.length; i++) {
      if (d[i] != Math.rint(d[i]) || Math.abs(d[i]) > 0x1p53) {
        return null;
      }
      l[i] = (long) d[i];
    }
    return l;
  }

  /** The strings. */
  public String[] strings() {
    if (kind != Kind.STRING) {
      throw new IllegalStateException("not a string dataset");
    }
    return ((String[]) data).clone();
  }

  /** The single string of a string scalar (or of a one-element vector). */
  public String string() {
    String[] s = strings();
    if (s.length != 1) {
      throw new IllegalStateException("expected one string, got " + s.length);
    }
    return s[0];
  }

  /** A short description: kind and shape. */
  public String describe() {
    return kind.name().toLowerCase() + Arrays.toString(shape);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof NirTensor t) || kind != t.kind || !Arrays.equals(shape, t.shape)) {
      return false;
    }
    return switch (kind) {
      case FLOAT32 -> Arrays.equals((float[]) data, (float[]) t.data);
      case FLOAT64 -> Arrays.equals((double[]) data, (double[]) t.data);
      case INT64 -> Arrays.equals((long[]) data, (long[]) t.data);
      case STRING -> Arrays.equals((String[]) data, (String[]) t.data);
    };
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return describe();
  }
}
