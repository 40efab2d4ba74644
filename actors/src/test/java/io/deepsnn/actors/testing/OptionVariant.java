package io.deepsnn.actors.testing;

import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.snn.Thresholds;

import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.testing.RandomGraphs;

/** The simulation options beyond the paper's defaults that every runtime must run as the sequential simulator does. */
public enum OptionVariant {
  ANALOG_INPUT, DENSE_KERNEL, AUTO_KERNEL, CURRENT_READOUT, INITIAL_POTENTIAL, BIASES, BIASES_ANALOG,
  BIAS_CORRECTIONS, MAX_POOLS;

  /** The options of this variant for the random graph of {@code seed}. */
  public SimulationOptions options(long seed) {
    SimulationOptions base = SimulationOptions.defaults(3.0).withSeed(seed)
        .withReset(seed % 2 == 0 ? SimulationOptions.Reset.SUBTRACT : SimulationOptions.Reset.ZERO);
    return switch (this) {
      case ANALOG_INPUT -> base.withInput(SimulationOptions.InputMode.ANALOG);
      case DENSE_KERNEL -> base.withKernel(SimulationOptions.KernelMode.DENSE);
      // A low density bound, so that both kernels take turns within one run.
      case AUTO_KERNEL -> new SimulationOptions(base.reset(), base.input(), base.readout(), base.seed(),
          base.inputScale(), SimulationOptions.KernelMode.AUTO, 0.02);
      case CURRENT_READOUT -> base.withReadout(SimulationOptions.Readout.CURRENT);
      // The shift of SEMANTICS §7, with both resets (the seed decides which).
      case INITIAL_POTENTIAL -> base.withVInit(0.5);
      // Biased layers (SEMANTICS §7): the graph carries them; with the analog input too.
      case BIASES -> base;
      case BIASES_ANALOG -> base.withInput(SimulationOptions.InputMode.ANALOG);
      // Bias calibration's per-channel corrections (SEMANTICS §7): the thresholds carry them.
      case BIAS_CORRECTIONS -> base;
      // Gated max pooling (SEMANTICS §7): the graph has max pools, each tile holds its gates.
      case MAX_POOLS -> base;
    };
  }

  /**
   * This variant's thresholds for {@code net}: random ones, and for {@link #BIAS_CORRECTIONS} a
   * random correction of up to ±0.2·θ per channel on every other layer.
   */
  public Thresholds thresholds(SpikingNetwork net) {
    Thresholds th = RandomGraphs.thresholds(net, seed());
    if (this != BIAS_CORRECTIONS) {
      return th;
    }
    java.util.Random rnd = new java.util.Random(seed() * 31);
    for (int l = 1; l < net.size(); l += 2) {
      double[] c = new double[net.layer(l).shape().channels()];
      for (int k = 0; k < c.length; k++) {
        c[k] = (rnd.nextDouble() - 0.5) * 0.4 * th.get(l);
      }
      th = th.withCorrection(l, c);
    }
    return th;
  }

  /** The seed of this variant's random graph (VGG for odd seeds, ResNet for even ones). */
  public long seed() {
    return 1 + ordinal();
  }

  /** This variant's random graph (with biases for the bias variants). */
  public Graph graph() {
    if (this == MAX_POOLS) {
      return RandomGraphs.vggMaxPool(seed());
    }
    Graph g = seed() % 2 == 0 ? RandomGraphs.resnet(seed()) : RandomGraphs.vgg(seed());
    return this == BIASES || this == BIASES_ANALOG ? RandomGraphs.biased(g, seed()) : g;
  }
}
