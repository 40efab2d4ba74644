package io.deepsnn.network.onnx;

import io.deepsnn.protocol.onnx.Onnx.TensorProto;
import io.deepsnn.protocol.onnx.Onnx.TensorProto.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes an ONNX {@code TensorProto} (raw little-endian bytes or the typed repeated fields) into
 * a {@link ConstTensor}, refusing external data, unsupported element types, inconsistent lengths
 * and anything larger than the configured limit before allocating it.
 */
final class TensorDecoder {
  private final long maxBytes;

  TensorDecoder(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  long maxBytes() {
    return maxBytes;
  }

  /**
   * Decodes {@code t}; {@code where} says where it was found (for messages), e.g.
   * {@code "initializer 'conv1.weight'"}.
   */
  ConstTensor decode(TensorProto t, String where) {
    if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
      throw new OnnxImportException(where + ": tensor data stored in an external file is not supported "
          + "(save the model with its weights inside the .onnx file)");
    }
    long[] dims = new long[t.getDimsCount()];
    long count = 1;
    for (int i = 0; i < dims.length; i++) {
      dims[i] = t.getDims(i);
      if (dims[i] < 0) {
        throw new OnnxImportException(where + ": negative dimension " + dims[i]);
      }
      count = multiplyCapped(count, dims[i]);
    }
    int elemSize = elementSize(t.getDataType(), where);
    if (count * elemSize > maxBytes || count > Integer.MAX_VALUE - 8) {
      throw new OnnxImportException(where + ": tensor of " + describeSize(count, elemSize)
          + " exceeds the limit of " + maxBytes + " bytes (raise it with --max-tensor-mb if the model is genuine)");
    }
    int n = (int) count;
    if (!t.getRawData().isEmpty()) {
      return decodeRaw(t, dims, n, elemSize, where);
    }
    return decodeTyped(t, dims, n, where);
  }

  private ConstTensor decodeRaw(TensorProto t, long[] dims, int n, int elemSize, String where) {
    ByteBuffer buf = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    if (buf.remaining() != (long) n * elemSize) {
      throw new OnnxImportException(where + ": raw data holds " + buf.remaining() + " bytes, expected "
          + ((long) n * elemSize) + " for dims " + java.util.Arrays.toString(dims) + " (truncated or corrupt)");
    }
    String name = t.getName();
    switch (DataType.forNumber(t.getDataType())) {
      case FLOAT -> {
        float[] f = new float[n];
        buf.asFloatBuffer().get(f);
        return ConstTensor.ofFloats(name, dims, f);
      }
      case DOUBLE -> {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
          f[i] = (float) buf.getDouble();
        }
        return ConstTensor.ofFloats(name, dims, f);
      }
      case INT64 -> {
        long[] l = new long[n];
        buf.asLongBuffer().get(l);
        return ConstTensor.ofLongs(name, dims, l);
      }
      case INT32 -> {
        long[] l = new long[n];
        for (int i = 0; i < n; i++) {
          l[i] = buf.getInt();
        }
        return ConstTensor.ofLongs(name, dims, l);
      }
      default -> throw unsupportedType(t.getDataType(), where);
    }
  }

  private ConstTensor decodeTyped(TensorProto t, long[] dims, int n, String where) {
    String name = t.getName();
    int have;
    switch (DataType.forNumber(t.getDataType())) {
      case FLOAT -> {
        have = t.getFloatDataCount();
        checkCount(have, n, where);
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
          f[i] = t.getFloatData(i);
        }
        return ConstTensor.ofFloats(name, dims, f);
      }
      case DOUBLE -> {
        have = t.getDoubleDataCount();
        checkCount(have, n, where);
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
          f[i] = (float) t.getDoubleData(i);
        }
        return ConstTensor.ofFloats(name, dims, f);
      }
      case INT64 -> {
        have = t.getInt64DataCount();
        checkCount(have, n, where);
        long[] l = new long[n];
        for (int i = 0; i < n; i++) {
          l[i] = t.getInt64Data(i);
        }
        return ConstTensor.ofLongs(name, dims, l);
      }
      case INT32 -> {
        have = t.getInt32DataCount();
        checkCount(have, n, where);
        long[] l = new long[n];
        for (int i = 0; i < n; i++) {
          l[i] = t.getInt32Data(i);
        }
        return ConstTensor.ofLongs(name, dims, l);
      }
      default -> throw unsupportedType(t.getDataType(), where);
    }
  }

  private static void checkCount(int have, int want, String where) {
    if (have != want) {
      throw new OnnxImportException(where + ": tensor holds " + have + " values, its dims say " + want);
    }
  }

  private static int elementSize(int dataType, String where) {
    DataType type = DataType.forNumber(dataType);
    if (type == null) {
      throw unsupportedType(dataType, where);
    }
    return switch (type) {
      case FLOAT, INT32 -> 4;
      case DOUBLE, INT64 -> 8;
      default -> throw unsupportedType(dataType, where);
    };
  }

  private static OnnxImportException unsupportedType(int dataType, String where) {
    DataType type = DataType.forNumber(dataType);
    return new OnnxImportException(where + ": element type " + (type == null ? dataType : type.name())
        + " is not supported (float32, float64, int32 and int64 are)");
  }

  private static long multiplyCapped(long a, long b) {
    if (b != 0 && a > Long.MAX_VALUE / 16 / b) {
      return Long.MAX_VALUE / 16;
    }
    return a * b;
  }

  private static String describeSize(long count, int elemSize) {
    return count + " elements (" + (count * elemSize) + " bytes)";
  }
}
