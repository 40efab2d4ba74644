package io.deepsnn.network.snn;

import io.deepsnn.network.graph.Shape;
import java.util.List;

/**
 * One population of integrate-and-fire neurons: every ReLU of the ANN, the output layer, and the
 * input (the Poisson encoder, layer 0, which has no projections).
 *
 * @param index position in the network (0 = input, topological order)
 * @param name the ANN node it stands for
 * @param annNode id of the ANN graph node whose output is this layer's activation (the ReLU, the
 *     output node, or an Add without ReLU)
 * @param shape C×H×W (neurons are stored channels-last)
 * @param projections what feeds it
 * @param role input, hidden or output
 * @param annRelu whether the ANN has a ReLU here (false for the output, and for a residual
 *     junction whose Add has no ReLU after it: the IF neuron then rectifies where the ANN did not)
 * @param residual whether it lies inside a residual unit (non-identity path or junction)
 */
public record SpikingLayer(int index, String name, int annNode, Shape shape, List<Projection> projections,
                           Role role, boolean annRelu, boolean residual) {

  /** What a layer is for. */
  public enum Role {
    /** The Poisson (or analog) encoder of the image. */
    INPUT,
    /** A hidden IF layer. */
    HIDDEN,
    /** The classifier: its spike counts give the prediction. */
    OUTPUT
  }

  /** Number of neurons. */
  public int neurons() {
    return shape.size();
  }

  /** True for a residual junction (more than one projection). */
  public boolean isJunction() {
    return projections.size() > 1;
  }

  /** ANN MACs per image of the synaptic operations feeding this layer. */
  public long macs() {
    long m = 0;
    for (Projection p : projections) {
      m += p.macs();
    }
    return m;
  }

  /** A copy with the residual flag set. */
  SpikingLayer withResidual(boolean r) {
    return new SpikingLayer(index, name, annNode, shape, projections, role, annRelu, r);
  }
}
