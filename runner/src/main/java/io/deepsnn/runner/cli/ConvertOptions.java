package io.deepsnn.runner.cli;

import io.deepsnn.actors.runtime.ActorSettings;
import io.deepsnn.actors.topology.Tiling;
import io.deepsnn.normalizer.InputScaleRule;
import io.deepsnn.normalizer.ResidualPolicy;
import io.deepsnn.normalizer.ThresholdMethod;
import io.deepsnn.runner.pipeline.ConvertSettings;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of a conversion (threshold balancing). */
public final class ConvertOptions {
  @Option(names = "--method", paramLabel = "spike-norm|data-max|data-percentile|clip",
      description = "Threshold balancing (default: ${DEFAULT-VALUE}).")
  String method;

  @Option(names = "--percentile", paramLabel = "P",
      description = "Percentile for data-percentile (default: ${DEFAULT-VALUE}).")
  double percentile;

  @Option(names = "--cal-images", paramLabel = "N",
      description = "Calibration images (default: ${DEFAULT-VALUE}, as the paper).")
  int calImages;

  @Option(names = "--cal-steps", paramLabel = "T",
      description = "Spike-Norm timesteps per calibration image (default: ${DEFAULT-VALUE}, as the paper).")
  int calSteps;

  @Option(names = "--cal-seed", paramLabel = "S",
      description = "Calibrate on a seeded random sample instead of the first N images.")
  Long calSeed;

  @Option(names = "--residual", paramLabel = "unity|balanced",
      description = "Thresholds inside residual units (default: ${DEFAULT-VALUE}, as the paper).")
  String residual;

  @Option(names = "--input-scale", paramLabel = "range|max|pNN|1",
      description = "Input scale λ_in (default: ${DEFAULT-VALUE}: the largest |x| the normalisation allows).")
  String inputScale;

  @Option(names = "--input", paramLabel = "poisson|analog",
      description = "Input encoding (default: ${DEFAULT-VALUE}).")
  String input;

  @Option(names = "--reset", paramLabel = "zero|subtract",
      description = "Reset rule; Spike-Norm calibrates with it (default: ${DEFAULT-VALUE}).")
  String reset;

  @Option(names = "--seed", paramLabel = "S",
      description = "Seed of the Poisson input (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--v-init", paramLabel = "ALPHA",
      description = "Initial membrane potential as a fraction of θ, in [0, 1): 0 is the paper, 0.5 the shift of "
          + "Bu et al. 2022 (best with --reset subtract); Spike-Norm calibrates with it, and it is recorded in the "
          + ".snn file (default: ${DEFAULT-VALUE}).")
  double vInit;

  @Option(names = "--calibrate", paramLabel = "none|bias",
      description = "After balancing: none, or bias calibration (Li et al. 2021, SEMANTICS §7): layer by layer, "
          + "each channel's current is corrected by the rate the SNN misses against the ANN over --calibrate-steps "
          + "timesteps on the calibration images; recorded in the .snn file (default: ${DEFAULT-VALUE}).")
  String calibrate;

  @Option(names = "--calibrate-steps", paramLabel = "T",
      description = "With --calibrate bias: the timesteps T_c the network will be simulated for "
          + "(default: ${DEFAULT-VALUE}).")
  int calibrateSteps;

  @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
  picocli.CommandLine.Model.CommandSpec mixee;

  @Option(names = "--runtime", paramLabel = "sequential|actors",
      description = "Run Spike-Norm on the sequential simulator or through the normalizer actor on the actor "
          + "runtime; the thresholds are the same (default: ${DEFAULT-VALUE}).")
  String runtime;

  @Option(names = "--tiles", paramLabel = "N|max=NEURONS",
      description = "With --runtime actors: tiles per layer (default: ${DEFAULT-VALUE}).")
  String tiles;

  @Mixin
  ClusterOptions cluster = new ClusterOptions();

  private boolean calibrateStepsGiven() {
    return given("--calibrate-steps");
  }

  boolean given(String option) {
    return OptionValues.given(mixee, option);
  }

  /** The options that only threshold balancing reads (or its runtime), refused when it does not run. */
  private static final List<String> BALANCING_ONLY = List.of("--percentile", "--cal-images", "--cal-steps",
      "--cal-seed", "--residual", "--reset", "--v-init", "--calibrate", "--calibrate-steps", "--runtime", "--tiles");

  /**
   * Refuses, naming it, a balancing option given for a NIR graph whose thresholds are kept
   * ({@code --method} not given): it would be accepted and ignored.
   *
   * @param measuresInputScale whether λ_in is measured on calibration images (then
   *     {@code --cal-images} and {@code --cal-seed} choose them)
   */
  public void refuseBalancingOptions(Path nir, boolean measuresInputScale) {
    for (String o : BALANCING_ONLY) {
      if (measuresInputScale && (o.equals("--cal-images") || o.equals("--cal-seed"))) {
        continue; // they pick the images λ_in is measured on
      }
      if (given(o)) {
        throw new IllegalArgumentException(o + ": the thresholds of " + nir + " are kept as they are (NIR's IF "
            + "nodes reset to 0 and start at 0), so there is no balancing for " + o + " to change; give --method "
            + "to rebalance the graph on --data");
      }
    }
  }

  /** The settings, validated. */
  public ConvertSettings settings(int threads) {
    ActorSettings actors = switch (runtime.toLowerCase()) {
      case "sequential" -> {
        if (given("--tiles")) {
          throw new IllegalArgumentException("--tiles applies to the actor runtime only: add --runtime actors");
        }
        yield null;
      }
      case "actors" -> ActorSettings.defaults(threads).withTiling(Tiling.parse(tiles));
      default -> throw new IllegalArgumentException("unknown runtime '" + runtime + "' (sequential or actors)");
    };
    return new ConvertSettings(ThresholdMethod.parse(method), percentile, calImages, calSteps, calSeed,
        ResidualPolicy.parse(residual), InputScaleRule.parse(inputScale), ConvertSettings.parseInput(input), ConvertSettings.parseReset(reset), seed,
        threads, actors, cluster.settings(), vInit, ConvertSettings.parseCalibration(calibrate, calibrateSteps,
            calibrateStepsGiven()));
  }
}
