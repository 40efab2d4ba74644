package io.deepsnn.network.convert;

/**
 * How a network was converted: the balancing method and its parameters, and the simulation
 * settings it was calibrated with (which {@code simulate} uses by default).
 *
 * @param method {@code spike-norm}, {@code data-max} or {@code data-percentile}
 * @param percentile p for {@code data-percentile} (else 0)
 * @param calibrationImages number of calibration images
 * @param calibrationSteps Spike-Norm timesteps per image (0 for data-based)
 * @param residualPolicy {@code unity} or {@code balanced}
 * @param inputScaleRule {@code range}, {@code max}, {@code pNN} or {@code 1}
 * @param inputScale λ_in
 * @param inputMode {@code poisson} or {@code analog}
 * @param reset {@code zero} or {@code subtract}
 * @param seed seed of the Poisson input
 * @param calibrationSeed seed of the random calibration sample (when {@code calibrationRandom})
 * @param calibrationRandom whether the calibration images are a seeded random sample (else the first N)
 * @param seconds how long the conversion took
 * @param vInit α of the initial membrane potential α·θ (0 = the paper; files of format 1 without it: 0)
 * @param calibration bias calibration after balancing: {@code none} or {@code bias} (SEMANTICS §7)
 * @param calibrationTargetSteps the timesteps T_c bias calibration simulated (0 without it)
 */
public record ConversionInfo(String method, double percentile, int calibrationImages, int calibrationSteps,
                             String residualPolicy, String inputScaleRule, double inputScale, String inputMode,
                             String reset, long seed, long calibrationSeed, boolean calibrationRandom, double seconds,
                             double vInit, String calibration, int calibrationTargetSteps) {
  /** A conversion without bias calibration. */
  public ConversionInfo(String method, double percentile, int calibrationImages, int calibrationSteps,
                        String residualPolicy, String inputScaleRule, double inputScale, String inputMode,
                        String reset, long seed, long calibrationSeed, boolean calibrationRandom, double seconds,
                        double vInit) {
    this(method, percentile, calibrationImages, calibrationSteps, residualPolicy, inputScaleRule, inputScale,
        inputMode, reset, seed, calibrationSeed, calibrationRandom, seconds, vInit, "none", 0);
  }

  /** A conversion with the paper's initial potential, 0. */
  public ConversionInfo(String method, double percentile, int calibrationImages, int calibrationSteps,
                        String residualPolicy, String inputScaleRule, double inputScale, String inputMode,
                        String reset, long seed, long calibrationSeed, boolean calibrationRandom, double seconds) {
    this(method, percentile, calibrationImages, calibrationSteps, residualPolicy, inputScaleRule, inputScale,
        inputMode, reset, seed, calibrationSeed, calibrationRandom, seconds, 0);
  }
}
