package io.deepsnn.normalizer;

import io.deepsnn.network.convert.LayerThreshold;

import io.deepsnn.network.ann.AnnInference;
import io.deepsnn.network.snn.Projection;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingLayer;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.snn.Thresholds;
import java.util.ArrayList;
import java.util.List;

/**
 * Data-based threshold balancing (Diehl et al. 2015), with the ANN in the loop: λ_l is the
 * maximum (or a percentile of the positive values) of layer l's ANN activation over the
 * calibration images, and θ_l = λ_l / λ_source, where λ_source is the scale its input carries —
 * λ_in for the input, and for a layer whose θ is fixed to 1 the scale of its own input, passed on
 * (SEMANTICS §5). The output layer is balanced from its logits like any other. With
 * {@link ThresholdMethod#CLIP} a layer whose ReLU has a trained clip level takes λ_l = that level
 * (SEMANTICS §7) and the others the maximum.
 */
public final class DataBasedBalancer {
  private DataBasedBalancer() {
  }

  /**
   * Balances {@code net}.
   *
   * @param percentile for {@link ThresholdMethod#DATA_PERCENTILE}, p in (0, 100]
   */
  public static Balancing balance(SpikingNetwork net, List<SnnInput> calibration, double inputScale,
                                  ThresholdMethod method, double percentile, ResidualPolicy policy) {
    if (method == ThresholdMethod.SPIKE_NORM) {
      throw new IllegalArgumentException("Spike-Norm is not data-based");
    }
    boolean usePercentile = method == ThresholdMethod.DATA_PERCENTILE;
    boolean useClip = method == ThresholdMethod.CLIP;
    int layers = net.size();
    FloatCollector[] collected = new FloatCollector[layers];
    for (int l = 1; l < layers; l++) {
      collected[l] = new FloatCollector();
    }
    double[] max = new double[layers];
    AnnInference ann = new AnnInference(net.graph());
    for (SnnInput in : calibration) {
      float[] x = new float[in.x().length];
      for (int k = 0; k < x.length; k++) {
        x[k] = (float) in.x()[k];
      }
      float[][] act = ann.forwardAll(x);
      for (int l = 1; l < layers; l++) {
        float[] a = act[net.layer(l).annNode()];
        double m = max[l];
        for (float v : a) {
          if (v > 0) {
            m = Math.max(m, v);
            if (usePercentile) {
              collected[l].add(v);
            }
          }
        }
        max[l] = m;
      }
    }
    double[] theta = new double[layers];
    double[] scale = new double[layers];
    scale[0] = inputScale;
    List<LayerThreshold> out = new ArrayList<>();
    for (int l = 1; l < layers; l++) {
      SpikingLayer layer = net.layer(l);
      double srcScale = scale[primarySource(layer)];
      if (policy == ResidualPolicy.UNITY && layer.residual()) {
        theta[l] = 1;
        scale[l] = srcScale;
        out.add(new LayerThreshold(l, layer.name(), Double.NaN, srcScale, 1, true, ""));
        continue;
      }
      double lambda = usePercentile ? collected[l].percentile(percentile) : max[l];
      String note = "";
      if (useClip) {
        var op = net.graph().node(layer.annNode()).op();
        if (op instanceof io.deepsnn.network.graph.Relu r && r.clipped()) {
          lambda = r.clipLevel();
          note = "trained clip level";
        } else {
          note = "no clip level: the maximum activation";
        }
      }
      if (!(lambda > 0)) {
        // A layer that never activates on the calibration images: keep its input's scale.
        lambda = srcScale;
        note = "no positive activation on the calibration images; threshold 1";
      }
      theta[l] = lambda / srcScale;
      scale[l] = lambda;
      out.add(new LayerThreshold(l, layer.name(), lambda, srcScale, theta[l], false, note));
    }
    return new Balancing(new Thresholds(theta), inputScale, out);
  }

  /**
   * The source whose scale a layer's threshold divides by: that of its synaptic projection (for a
   * junction, the non-identity path), else its first.
   */
  static int primarySource(SpikingLayer layer) {
    for (Projection p : layer.projections()) {
      if (!p.isShortcut()) {
        return p.source();
      }
    }
    return layer.projections().get(0).source();
  }
}
