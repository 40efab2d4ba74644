package io.deepsnn.network.convert;

import io.deepsnn.network.data.Normalization;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.snn.Thresholds;
import java.util.List;

/**
 * A converted spiking network, as saved in a {@code .snn} file: the ANN graph and weights, each
 * layer's threshold and how it was set, the input normalisation, the class names, and provenance.
 *
 * @param graph the ANN
 * @param layers threshold of every spiking layer (input excluded), in layer order
 * @param conversion method and calibration settings
 * @param normalization per-channel input normalisation
 * @param classNames class names in label order (may be empty)
 * @param provenance where it came from
 */
public record ConvertedNetwork(Graph graph, List<LayerThreshold> layers, ConversionInfo conversion,
                               Normalization normalization, List<String> classNames, Provenance provenance) {

  /** The compiled spiking network. */
  public SpikingNetwork network() {
    return SpikingNetwork.compile(graph);
  }

  /** The thresholds as the simulator takes them. */
  public Thresholds thresholds() {
    double[] t = new double[layers.size() + 1];
    for (LayerThreshold l : layers) {
      t[l.layer()] = l.threshold();
    }
    Thresholds th = new Thresholds(t);
    for (LayerThreshold l : layers) {
      if (l.biasCorrection() != null) {
        th = th.withCorrection(l.layer(), l.biasCorrection());
      }
    }
    return th;
  }

  /** The simulation options it was calibrated with. */
  public SimulationOptions simulationOptions() {
    SimulationOptions o = SimulationOptions.defaults(conversion.inputScale()).withSeed(conversion.seed());
    o = o.withReset(conversion.reset().equals("subtract") ? SimulationOptions.Reset.SUBTRACT : SimulationOptions.Reset.ZERO);
    return o.withInput(conversion.inputMode().equals("analog") ? SimulationOptions.InputMode.ANALOG
        : SimulationOptions.InputMode.POISSON).withVInit(conversion.vInit());
  }
}
