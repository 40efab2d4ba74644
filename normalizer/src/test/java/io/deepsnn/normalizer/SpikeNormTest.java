package io.deepsnn.normalizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deepsnn.network.convert.LayerThreshold;
import io.deepsnn.network.snn.Fixed;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.testing.RandomGraphs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one Spike-Norm algorithm against a scripted probe: which layers it measures and in what
 * order, with which thresholds already set, the residual policy, and the fallback of a layer that
 * never gets positive input.
 */
class SpikeNormTest {
  private final SpikingNetwork resnet = SpikingNetwork.compile(RandomGraphs.resnet(2));

  /** A probe answering 0.5·l for layer l, but nothing for {@code silent}, noting {@code noted}. */
  private static final class Scripted implements SpikeNorm.Probe {
    final List<Integer> asked = new ArrayList<>();
    final int silent;

    Scripted(int silent) {
      this.silent = silent;
    }

    @Override
    public SpikeNorm.Measurement maxInput(io.deepsnn.network.snn.Thresholds th, int layer) {
      for (int l = 1; l < layer; l++) {
        assertTrue(th.get(l) > 0, "layer " + l + " is set before layer " + layer + " is measured");
      }
      for (int l = layer; l < th.size(); l++) {
        assertTrue(Double.isNaN(th.get(l)), "layer " + l + " is not set yet while layer " + layer + " is measured");
      }
      asked.add(layer);
      return layer == silent ? new SpikeNorm.Measurement(Long.MIN_VALUE, "n")
          : SpikeNorm.Measurement.of(Fixed.of(0.5 * layer));
    }
  }

  @Test
  void underTheUnityPolicyResidualLayersAreSetToOneUnmeasured() {
    Scripted probe = new Scripted(-1);
    List<LayerThreshold> heard = new ArrayList<>();
    Balancing b = SpikeNorm.balance(resnet, ResidualPolicy.UNITY, 2.5, probe, heard::add);
    List<Integer> expected = new ArrayList<>();
    for (int l = 1; l < resnet.size(); l++) {
      if (resnet.layer(l).residual()) {
        assertEquals(1.0, b.thresholds().get(l), "layer " + l);
        assertTrue(b.layers().get(l - 1).unity());
      } else {
        expected.add(l);
        assertEquals(0.5 * l, b.thresholds().get(l), 1e-9, "layer " + l);
      }
    }
    assertTrue(expected.size() < resnet.size() - 1, "the ResNet has residual layers");
    assertEquals(expected, probe.asked, "the other layers are measured, in order");
    assertEquals(b.layers(), heard, "progress hears every layer, in order");
    assertEquals(2.5, b.inputScale());
  }

  @Test
  void theBalancedPolicyMeasuresEveryLayer() {
    Scripted probe = new Scripted(-1);
    SpikeNorm.balance(resnet, ResidualPolicy.BALANCED, 1, probe, l -> { });
    assertEquals(resnet.size() - 1, probe.asked.size());
  }

  @Test
  void aLayerWithoutPositiveInputFallsBackToOneAndSaysWhy() {
    int silent = resnet.size() - 1;
    Balancing b = SpikeNorm.balance(resnet, ResidualPolicy.UNITY, 1, new Scripted(silent), l -> { });
    LayerThreshold t = b.layers().get(silent - 1);
    assertEquals(1.0, t.threshold());
    assertTrue(Double.isNaN(t.measured()));
    assertEquals(SpikeNorm.NO_POSITIVE_INPUT + "; n", t.note());
  }

  @Test
  void theResultIsRefusedBeforeEveryLayerIsSet() {
    SpikeNorm norm = new SpikeNorm(resnet, ResidualPolicy.UNITY, 1);
    int first = norm.nextLayer(l -> { });
    assertThrows(IllegalStateException.class, norm::result);
    assertThrows(IllegalStateException.class, () -> norm.measured(first + 1, SpikeNorm.Measurement.of(1), l -> { }));
    assertThrows(IllegalArgumentException.class, () -> SpikeNorm.checkCalibration(List.of(), 10));
  }
}
