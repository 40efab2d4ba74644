package io.deepsnn.network.testing;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.deepsnn.network.graph.Shape;
import java.nio.FloatBuffer;
import java.util.Map;

/** Runs an ONNX model in ONNX Runtime (the reference implementation) on one image. */
public final class OrtRunner implements AutoCloseable {
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;

  /** Loads the model bytes into a session. */
  public OrtRunner(byte[] model) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(1);
    session = env.createSession(model, options);
  }

  /** The flattened output for one image of the given shape. */
  public float[] run(float[] image, Shape shape, int inputRank) throws OrtException {
    long[] dims = inputRank == 4 ? new long[] {1, shape.channels(), shape.height(), shape.width()}
        : new long[] {1, shape.size()};
    String inputName = session.getInputNames().iterator().next();
    try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(image), dims);
         OrtSession.Result r = session.run(Map.of(inputName, t))) {
      OnnxTensor out = (OnnxTensor) r.get(0);
      FloatBuffer fb = out.getFloatBuffer();
      float[] f = new float[fb.remaining()];
      fb.get(f);
      return f;
    }
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }

  /** max |a − b| / max |b| (relative to the reference output's scale). */
  public static double relativeMaxDifference(float[] actual, float[] reference) {
    if (actual.length != reference.length) {
      throw new AssertionError("output sizes differ: " + actual.length + " vs " + reference.length);
    }
    double maxDiff = 0;
    double maxRef = 0;
    for (int i = 0; i < actual.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(actual[i] - reference[i]));
      maxRef = Math.max(maxRef, Math.abs(reference[i]));
    }
    return maxRef == 0 ? maxDiff : maxDiff / maxRef;
  }
}
