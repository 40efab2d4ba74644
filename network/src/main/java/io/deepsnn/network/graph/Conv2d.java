package io.deepsnn.network.graph;

import java.util.List;

/**
 * A 2-D convolution without bias (dilation 1, one group), as ONNX {@code Conv} defines it.
 *
 * @param outChannels output channels
 * @param inChannels input channels
 * @param kernelH kernel height
 * @param kernelW kernel width
 * @param strideH vertical stride
 * @param strideW horizontal stride
 * @param padding zero padding of the input
 * @param weights {@code [outChannels][inChannels][kernelH][kernelW]} row-major (ONNX OIHW)
 */
public record Conv2d(int outChannels, int inChannels, int kernelH, int kernelW,
                     int strideH, int strideW, Padding padding, float[] weights) implements Op {

  /** Validates sizes against the weight array. */
  public Conv2d {
    if (outChannels < 1 || inChannels < 1 || kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1) {
      throw new IllegalArgumentException("conv sizes and strides must be positive");
    }
    if (weights.length != (long) outChannels * inChannels * kernelH * kernelW) {
      throw new IllegalArgumentException("conv weight array has " + weights.length + " values, expected "
          + outChannels + "x" + inChannels + "x" + kernelH + "x" + kernelW);
    }
  }

  @Override
  public String kind() {
    return "conv";
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public boolean isSynaptic() {
    return true;
  }

  /** Fan-in of one output neuron: C_in·k_h·k_w. */
  public int fanIn() {
    return inChannels * kernelH * kernelW;
  }

  /** Weight of (output channel, input channel, ky, kx). */
  public float weight(int co, int ci, int ky, int kx) {
    return weights[((co * inChannels + ci) * kernelH + ky) * kernelW + kx];
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape in = inputs.get(0);
    if (in.channels() != inChannels) {
      throw new IllegalArgumentException("conv expects " + inChannels + " input channels, got " + in);
    }
    int h = Windows.outputSize(in.height(), kernelH, strideH, padding.top(), padding.bottom());
    int w = Windows.outputSize(in.width(), kernelW, strideW, padding.left(), padding.right());
    return Shape.of(outChannels, h, w);
  }

  @Override
  public long parameters() {
    return weights.length;
  }

  @Override
  public long macs(List<Shape> inputs, Shape output) {
    return (long) output.size() * fanIn();
  }

  @Override
  public String toString() {
    return "Conv2d[" + outChannels + "<-" + inChannels + ", k=" + kernelH + "x" + kernelW
        + ", s=" + strideH + "x" + strideW + ", pad=" + padding + "]";
  }
}
