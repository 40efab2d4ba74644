package io.deepsnn.network.snn;

import io.deepsnn.network.ann.AnnInference;
import io.deepsnn.network.graph.Node;
import io.deepsnn.network.graph.Relu;
import io.deepsnn.network.graph.Shape;

/**
 * The analog input (SEMANTICS §2, {@code --input analog}): a layer fed by the input receives its
 * ANN pre-activation for the image x/λ_in (without bias: a bias is the layer's bias current) as a
 * constant current every timestep, instead of the Poisson spikes. Computed in float32 by the ANN's
 * own kernels, then rounded to fixed point.
 */
public final class AnalogCurrent {
  private AnalogCurrent() {
  }

  /** Whether {@code layer} receives the analog current: it is fed by the input (layer 0). */
  public static boolean feeds(SpikingLayer layer) {
    return layer.projections().stream().anyMatch(p -> p.source() == 0);
  }

  /**
   * The current of rows {@code [rowFrom, rowTo)} of {@code layer} for {@code image}, channels-last
   * (the tile's own neuron order).
   *
   * @throws IllegalArgumentException when the layer mixes the input with other sources
   */
  public static long[] of(SpikingNetwork net, SpikingLayer layer, SnnInput image, double inputScale, int rowFrom,
                          int rowTo) {
    for (Projection p : layer.projections()) {
      if (p.source() != 0) {
        throw new IllegalArgumentException("analog input: layer '" + layer.name() + "' mixes the input with other "
            + "sources, which is not supported");
      }
    }
    float[] scaled = new float[image.x().length];
    for (int k = 0; k < scaled.length; k++) {
      scaled[k] = (float) (image.x()[k] / inputScale);
    }
    Node node = net.graph().node(layer.annNode());
    int pre = node.op() instanceof Relu ? node.input() : node.id();
    // The synaptic part W·(x/λ_in) only: a bias arrives as the layer's bias current (b / λ_in), as
    // it does with Poisson input.
    float[] chw = new AnnInference(net.biasFreeGraph()).forwardAll(scaled)[pre];
    Shape s = layer.shape();
    int plane = s.planeSize();
    int rowNeurons = s.width() * s.channels();
    long[] hwc = new long[(rowTo - rowFrom) * rowNeurons];
    for (int k = 0; k < chw.length; k++) {
      int n = (k % plane) * s.channels() + k / plane;
      int local = n - rowFrom * rowNeurons;
      if (local >= 0 && local < hwc.length) {
        hwc[local] = Fixed.of(chw[k]);
      }
    }
    return hwc;
  }
}
