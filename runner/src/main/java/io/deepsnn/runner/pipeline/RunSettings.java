package io.deepsnn.runner.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.deepsnn.network.convert.ConvertedNetworkFile;

/**
 * Everything one run of an experiment's report depends on — the model file, the data, the
 * calibration, the conversion, the simulation and the runtime — so that its hash can name the
 * run's cached result: a changed setting or a retrained model is never mixed with an old result.
 *
 * @param model SHA-256 of the model file
 * @param mean per-channel input mean
 * @param std per-channel input standard deviation
 * @param data description of the data set simulated
 * @param images images simulated
 * @param calibration description of the calibration images
 * @param calibrationSteps Spike-Norm timesteps
 * @param timesteps checkpoints
 * @param seed Poisson seed
 * @param readout output readout
 * @param kernel kernel mode (no result depends on it, but the report names it)
 * @param pjPerAc energy per accumulate, picojoules
 * @param pjPerMac energy per multiply-accumulate, picojoules
 * @param runtime sequential or actors
 * @param timing the actor runtime's timing
 * @param tiles the actor runtime's tiling
 * @param nodes cluster nodes
 * @param placement placement over the nodes
 * @param conversion the conversion
 * @param inputScale the input scale rule
 * @param reset the reset rule
 * @param semantics {@link #SEMANTICS}: the version of the rules a result was computed by
 * @param earlyExit the per-image early exit ({@code W:K}), null when off — left out of the JSON
 *     then, so that the runs cached before early exit existed keep their hashes
 */
public record RunSettings(String model, double[] mean, double[] std, String data, int images, String calibration,
                          int calibrationSteps, int[] timesteps, long seed, String readout, String kernel,
                          double pjPerAc, double pjPerMac, String runtime, String timing, String tiles, int nodes,
                          String placement, ExperimentConfig.ConversionSpec conversion, String inputScale,
                          String reset, int semantics,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String earlyExit) {
  /**
   * The version of the rules behind a result (docs/SEMANTICS.md), raised whenever a rule changes
   * what a run gives with the same settings, so that no cached result of the old rules is reused:
   * 2 = the percentile interpolated between the two closest ranks (was the nearest rank).
   */
  public static final int SEMANTICS = 2;

  /** Properties by name, so that the hash does not depend on the order of the components. */
  private static final ObjectMapper CANONICAL = JsonMapper.builder()
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY).build();

  /** The SHA-256 of the record's canonical JSON, hex. */
  public String hash() {
    try {
      return ConvertedNetworkFile.hex(ConvertedNetworkFile.sha256(CANONICAL.writeValueAsBytes(this)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the run settings as JSON: " + e.getMessage(), e);
    }
  }
}
