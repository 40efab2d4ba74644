package io.deepsnn.runner.pipeline;

import io.deepsnn.actors.cluster.ClusterSettings;
import io.deepsnn.actors.runtime.ActorSettings;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.normalizer.InputScaleRule;
import io.deepsnn.normalizer.ResidualPolicy;
import io.deepsnn.normalizer.ThresholdMethod;

/**
 * The settings of one conversion.
 *
 * @param method threshold balancing method
 * @param percentile p for data-percentile
 * @param calibrationImages number of calibration images
 * @param calibrationSteps Spike-Norm timesteps per calibration image
 * @param calibrationSeed seed of a random calibration sample, or null for the first N images
 * @param residual policy inside residual units
 * @param inputScale rule for λ_in
 * @param input Poisson or analog input
 * @param reset reset rule (Spike-Norm calibrates with it; simulate defaults to it)
 * @param seed seed of the Poisson input
 * @param threads worker threads
 * @param actors the actor runtime's settings to run Spike-Norm through the normalizer actor, or null
 *     for the sequential balancer (the thresholds are the same)
 * @param cluster with the actor runtime: the cluster nodes Spike-Norm's tiles are spread over (in
 *     this JVM, or with {@code listen} on other machines); null for one
 * @param vInit α of the initial membrane potential α·θ (Spike-Norm calibrates with it; simulate
 *     defaults to it; 0 = the paper)
 * @param biasCalibrationSteps T_c of bias calibration after balancing (SEMANTICS §7), or 0 for none
 */
public record ConvertSettings(ThresholdMethod method, double percentile, int calibrationImages, int calibrationSteps,
                              Long calibrationSeed, ResidualPolicy residual, InputScaleRule inputScale,
                              SimulationOptions.InputMode input, SimulationOptions.Reset reset, long seed,
                              int threads, ActorSettings actors, ClusterSettings cluster, double vInit,
                              int biasCalibrationSteps) {

  /** Settings without bias calibration. */
  public ConvertSettings(ThresholdMethod method, double percentile, int calibrationImages, int calibrationSteps,
                         Long calibrationSeed, ResidualPolicy residual, InputScaleRule inputScale,
                         SimulationOptions.InputMode input, SimulationOptions.Reset reset, long seed, int threads,
                         ActorSettings actors, ClusterSettings cluster, double vInit) {
    this(method, percentile, calibrationImages, calibrationSteps, calibrationSeed, residual, inputScale, input, reset,
        seed, threads, actors, cluster, vInit, 0);
  }

  /** Settings with the paper's initial potential, 0. */
  public ConvertSettings(ThresholdMethod method, double percentile, int calibrationImages, int calibrationSteps,
                         Long calibrationSeed, ResidualPolicy residual, InputScaleRule inputScale,
                         SimulationOptions.InputMode input, SimulationOptions.Reset reset, long seed, int threads,
                         ActorSettings actors, ClusterSettings cluster) {
    this(method, percentile, calibrationImages, calibrationSteps, calibrationSeed, residual, inputScale, input, reset,
        seed, threads, actors, cluster, 0);
  }

  /** Settings of a conversion on one node. */
  public ConvertSettings(ThresholdMethod method, double percentile, int calibrationImages, int calibrationSteps,
                         Long calibrationSeed, ResidualPolicy residual, InputScaleRule inputScale,
                         SimulationOptions.InputMode input, SimulationOptions.Reset reset, long seed, int threads,
                         ActorSettings actors) {
    this(method, percentile, calibrationImages, calibrationSteps, calibrationSeed, residual, inputScale, input, reset,
        seed, threads, actors, null);
  }

  /** Validates ranges. */
  public ConvertSettings {
    if (calibrationImages < 1) {
      throw new IllegalArgumentException("--cal-images must be at least 1");
    }
    if (calibrationSteps < 1) {
      throw new IllegalArgumentException("--cal-steps must be at least 1");
    }
    if (cluster != null && cluster.nodes() > 1 && actors == null) {
      throw new IllegalArgumentException("--nodes needs the actor runtime (--runtime actors)");
    }
    if (method == ThresholdMethod.DATA_PERCENTILE && !(percentile > 0 && percentile <= 100)) {
      throw new IllegalArgumentException("--percentile must be in (0, 100], got " + percentile);
    }
    if (!(vInit >= 0 && vInit < 1)) {
      throw new IllegalArgumentException("--v-init must be in [0, 1) (a fraction of θ), got " + vInit);
    }
    if (biasCalibrationSteps < 0) {
      throw new IllegalArgumentException("--calibrate-steps must be positive, got " + biasCalibrationSteps);
    }
  }

  /**
   * T_c of bias calibration from {@code --calibrate none|bias} and {@code --calibrate-steps T}: 0
   * for none; the steps without {@code bias} are refused rather than ignored.
   *
   * @param stepsGiven whether the steps were given explicitly (not a default)
   */
  public static int parseCalibration(String calibrate, int steps, boolean stepsGiven) {
    switch (calibrate.toLowerCase(java.util.Locale.ROOT)) {
      case "none" -> {
        if (stepsGiven) {
          throw new IllegalArgumentException("--calibrate-steps needs --calibrate bias");
        }
        return 0;
      }
      case "bias" -> {
        if (steps < 1) {
          throw new IllegalArgumentException("--calibrate-steps must be at least 1, got " + steps);
        }
        return steps;
      }
      default -> throw new IllegalArgumentException("unknown --calibrate '" + calibrate + "' (none or bias)");
    }
  }

  /** Lower-case name of a reset rule as used in files and on the command line. */
  public static String label(SimulationOptions.Reset r) {
    return r == SimulationOptions.Reset.SUBTRACT ? "subtract" : "zero";
  }

  /** Lower-case name of an input mode. */
  public static String label(SimulationOptions.InputMode m) {
    return m == SimulationOptions.InputMode.ANALOG ? "analog" : "poisson";
  }

  /** Parses {@code zero} or {@code subtract}. */
  public static SimulationOptions.Reset parseReset(String s) {
    return switch (s.toLowerCase()) {
      case "zero" -> SimulationOptions.Reset.ZERO;
      case "subtract" -> SimulationOptions.Reset.SUBTRACT;
      default -> throw new IllegalArgumentException("unknown reset '" + s + "' (zero or subtract)");
    };
  }

  /** Parses {@code poisson} or {@code analog}. */
  public static SimulationOptions.InputMode parseInput(String s) {
    return switch (s.toLowerCase()) {
      case "poisson" -> SimulationOptions.InputMode.POISSON;
      case "analog" -> SimulationOptions.InputMode.ANALOG;
      default -> throw new IllegalArgumentException("unknown input '" + s + "' (poisson or analog)");
    };
  }
}
