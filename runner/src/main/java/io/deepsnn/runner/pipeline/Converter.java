package io.deepsnn.runner.pipeline;

import io.deepsnn.actors.runtime.NodeNetwork;
import io.deepsnn.actors.runtime.RuntimeSession;
import io.deepsnn.network.convert.ConversionInfo;
import io.deepsnn.network.convert.ConvertedNetwork;
import io.deepsnn.network.convert.ConvertedNetworkFile;
import io.deepsnn.network.convert.LayerThreshold;
import io.deepsnn.network.convert.Provenance;
import io.deepsnn.network.data.Normalization;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.nir.NirNetwork;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SnnInput;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.normalizer.Balancing;
import io.deepsnn.normalizer.BiasCalibration;
import io.deepsnn.normalizer.DataBasedBalancer;
import io.deepsnn.normalizer.SpikeNormBalancer;
import io.deepsnn.normalizer.ThresholdMethod;
import io.deepsnn.normalizer.actor.ActorSpikeNorm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** Converts an ANN into a spiking network: λ_in, then threshold balancing, then provenance. */
public final class Converter {
  /** Version written into provenance. */
  public static final String VERSION = "0.1.0";

  private Converter() {
  }

  /**
   * Converts {@code graph}.
   *
   * @param calibration the calibration images (already chosen and normalised)
   * @param log receives one line per balanced layer
   */
  public static ConvertedNetwork convert(Graph graph, Path modelPath, Normalization norm, List<String> classNames,
                                         List<SnnInput> calibration, String calibrationDescription,
                                         ConvertSettings s, String command, Consumer<String> log) throws IOException {
    long start = System.nanoTime();
    checkNormalization(norm, graph, modelPath);
    SpikingNetwork net = SpikingNetwork.compile(graph);
    double lambdaIn = s.inputScale().scale(norm, calibration);
    Balancing b;
    if (s.method() == ThresholdMethod.SPIKE_NORM) {
      SimulationOptions o = SimulationOptions.defaults(lambdaIn).withSeed(s.seed()).withReset(s.reset())
          .withInput(s.input()).withVInit(s.vInit());
      if (s.actors() != null) {
        try (RuntimeSession session = ActorRuntimes.open(new NodeNetwork(net, s.actors()), s.cluster(),
            "--model MODEL.onnx", log)) {
          b = ActorSpikeNorm.balance(net, calibration, s.calibrationSteps(), o, s.residual(), s.actors(), session,
              l -> log.accept(describe(l)));
        }
      } else {
        b = SpikeNormBalancer.balance(net, calibration, s.calibrationSteps(), o, s.residual(), s.threads(),
            l -> log.accept(describe(l)));
      }
    } else {
      b = DataBasedBalancer.balance(net, calibration, lambdaIn, s.method(), s.percentile(), s.residual());
      b.layers().forEach(l -> log.accept(describe(l)));
    }
    if (s.biasCalibrationSteps() > 0) {
      SimulationOptions o = SimulationOptions.defaults(lambdaIn).withSeed(s.seed()).withReset(s.reset())
          .withInput(s.input()).withVInit(s.vInit());
      log.accept("bias calibration over " + s.biasCalibrationSteps() + " timesteps on " + calibration.size()
          + " images:");
      b = BiasCalibration.calibrate(net, b, calibration, s.biasCalibrationSteps(), o, s.threads(),
          l -> log.accept(describeCorrection(l)));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    ConversionInfo info = new ConversionInfo(s.method().label(), s.percentile(), calibration.size(),
        s.method() == ThresholdMethod.SPIKE_NORM ? s.calibrationSteps() : 0, s.residual().name().toLowerCase(),
        s.inputScale().label(), lambdaIn, ConvertSettings.label(s.input()), ConvertSettings.label(s.reset()), s.seed(),
        s.calibrationSeed() == null ? 0 : s.calibrationSeed(), s.calibrationSeed() != null, seconds, s.vInit(),
        s.biasCalibrationSteps() > 0 ? "bias" : "none", s.biasCalibrationSteps());
    String sha = ConvertedNetworkFile.sha256Hex(modelPath);
    Provenance prov = new Provenance("DeepSNN", VERSION, Instant.now().toString(), modelPath.toString(), sha, command,
        calibrationDescription);
    return new ConvertedNetwork(graph, b.layers(), info, norm, classNames, prov);
  }

  /**
   * A NIR graph's own thresholds as a converted network, no balancing (docs/SEMANTICS.md §8).
   *
   * @param nir the imported graph
   * @param modelPath the NIR file
   * @param inputScaleRule how λ_in was chosen ("nir" when the file's own)
   * @param inputMode "poisson" or "analog"
   */
  public static ConvertedNetwork fromNir(NirNetwork nir, Path modelPath, Normalization norm, List<String> classNames,
                                         String inputScaleRule, String inputMode, long seed, String command)
      throws IOException {
    checkNormalization(norm, nir.graph(), modelPath);
    Provenance prov = new Provenance("DeepSNN", VERSION, Instant.now().toString(), modelPath.toString(),
        ConvertedNetworkFile.sha256Hex(modelPath), command, "none: the thresholds of the NIR graph");
    return nir.toConverted(norm, inputScaleRule, inputMode, seed, classNames, prov);
  }

  /** Refuses, naming the model, a normalisation whose channels do not fit the graph's input. */
  private static void checkNormalization(Normalization norm, Graph graph, Path modelPath) {
    try {
      norm.checkChannels(graph.inputShape().channels());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(modelPath + ": the normalisation's " + e.getMessage()
          .replace("the images have", "the model's input has"), e);
    }
  }

  /** A calibrated layer: the mean and the largest magnitude of its per-channel correction. */
  private static String describeCorrection(LayerThreshold l) {
    double[] c = l.biasCorrection();
    double mean = java.util.Arrays.stream(c).average().orElse(0);
    double max = java.util.Arrays.stream(c).map(Math::abs).max().orElse(0);
    return String.format("  layer %2d %-28s bias correction: mean %+.4g, largest |%.4g| (θ = %.4g)", l.layer(),
        l.name(), mean, max, l.threshold());
  }

  private static String describe(LayerThreshold l) {
    String what = l.unity() ? "unity (residual unit)" : String.format("measured %.6g", l.measured());
    return String.format("  layer %2d %-28s theta = %-10.6g %s%s", l.layer(), l.name(), l.threshold(), what,
        l.note().isEmpty() ? "" : " (" + l.note() + ")");
  }
}
