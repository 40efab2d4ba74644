package io.deepsnn.network.graph;

import java.util.List;

/**
 * A 2-D convolution (dilation 1, one group), as ONNX {@code Conv} defines it, with an optional bias
 * per output channel (SEMANTICS §7: in the SNN a constant current; the paper's networks have none).
 *
 * @param outChannels output channels
 * @param inChannels input channels
 * @param kernelH kernel height
 * @param kernelW kernel width
 * @param strideH vertical stride
 * @param strideW horizontal stride
 * @param padding zero padding of the input
 * @param weights {@code [outChannels][inChannels][kernelH][kernelW]} row-major (ONNX OIHW)
 * @param bias one value per output channel, or null for none
 */
public record Conv2d(int outChannels, int inChannels, int kernelH, int kernelW,
                     int strideH, int strideW, Padding padding, float[] weights, float[] bias) implements Op {

  /** A convolution without bias (the paper's). */
  public Conv2d(int outChannels, int inChannels, int kernelH, int kernelW, int strideH, int strideW, Padding padding,
                float[] weights) {
    this(outChannels, inChannels, kernelH, kernelW, strideH, strideW, padding, weights, null);
  }

  /** Validates sizes against the weight and bias arrays. */
  public Conv2d {
    if (outChannels < 1 || inChannels < 1 || kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1) {
      throw new IllegalArgumentException("conv sizes and strides must be positive");
    }
    if (weights.length != (long) outChannels * inChannels * kernelH * kernelW) {
      throw new IllegalArgumentException("conv weight array has " + weights.length + " values, expected "
          + outChannels + "x" + inChannels + "x" + kernelH + "x" + kernelW);
    }
    if (bias != null && bias.length != outChannels) {
      throw new IllegalArgumentException("conv bias has " + bias.length + " values, expected " + outChannels);
    }
  }

  /** Whether it has a bias. */
  public boolean hasBias() {
    return bias != null;
  }

  /** A copy with {@code w} as weights and {@code b} as bias (BatchNorm folding). */
  public Conv2d with(float[] w, float[] b) {
    return new Conv2d(outChannels, inChannels, kernelH, kernelW, strideH, strideW, padding, w, b);
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
    return weights.length + (bias == null ? 0 : bias.length);
  }

  @Override
  public long macs(List<Shape> inputs, Shape output) {
    return (long) output.size() * fanIn();
  }

  @Override
  public String toString() {
    return "Conv2d[" + outChannels + "<-" + inChannels + ", k=" + kernelH + "x" + kernelW
        + ", s=" + strideH + "x" + strideW + ", pad=" + padding + (bias == null ? "" : ", bias") + "]";
  }
}
