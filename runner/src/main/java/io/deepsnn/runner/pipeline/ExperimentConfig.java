package io.deepsnn.runner.pipeline;

import io.deepsnn.runner.report.TextTable;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.deepsnn.actors.cluster.ClusterSettings;
import io.deepsnn.actors.cluster.Placement;
import io.deepsnn.actors.runtime.ActorSettings;
import io.deepsnn.actors.runtime.Timing;
import io.deepsnn.actors.topology.Tiling;
import io.deepsnn.network.onnx.ImportOptions;
import io.deepsnn.network.snn.EarlyExit;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.normalizer.InputScaleRule;
import io.deepsnn.normalizer.ResidualPolicy;
import io.deepsnn.normalizer.ThresholdMethod;
import java.util.ArrayList;
import java.util.List;

/**
 * An experiment read from HOCON ({@code deepsnn.experiment}, defaults in the runner's
 * {@code reference.conf}): a model, a data set, conversions × resets × input scales, and how to
 * simulate them.
 *
 * @param name title
 * @param model ONNX path or {@code bundled}
 * @param inputShape C,H,W override or empty
 * @param biases whether biases and BatchNorm import as currents (key {@code bias}: current | refuse)
 * @param maxPools (last) whether max pooling imports as a gate (key {@code maxpool}: gate | refuse)
 * @param mean normalisation mean (empty: the model's)
 * @param std normalisation std (empty: the model's)
 * @param dataPath data set path or {@code bundled}
 * @param split simulated split
 * @param images images simulated (0 = all)
 * @param resize image-folder resize (0 = model size)
 * @param crop image-folder crop (0 = model size)
 * @param calibrationPath calibration data set (empty: dataPath)
 * @param calibrationSplit calibration split
 * @param calibrationImages number of calibration images
 * @param calibrationSteps Spike-Norm timesteps
 * @param calibrationSeed random-sample seed or null
 * @param conversions the conversions
 * @param resets reset rules
 * @param inputScales input scale rules
 * @param timesteps checkpoints
 * @param seed Poisson seed
 * @param readout output readout
 * @param kernel kernel mode
 * @param batch images per batch
 * @param threads threads (0 = all cores)
 * @param pjPerAc energy per AC
 * @param pjPerMac energy per MAC
 * @param out output folder
 * @param saveNetworks whether to save the .snn files
 * @param runtime {@code sequential} or {@code actors}
 * @param tiles actor runtime tiling ({@code N} or {@code max=NEURONS})
 * @param timing actor runtime timing
 * @param earlyExit per-image early exit ({@code simulate.early-exit}; {@link EarlyExit#OFF} by default)
 */
public record ExperimentConfig(String name, String model, String inputShape, double[] mean, double[] std,
                               String dataPath, String split, int images, int resize, int crop,
                               String calibrationPath, String calibrationSplit, int calibrationImages,
                               int calibrationSteps, Long calibrationSeed, List<ConversionSpec> conversions,
                               List<SimulationOptions.Reset> resets, List<InputScaleRule> inputScales,
                               int[] timesteps, long seed, SimulationOptions.Readout readout,
                               SimulationOptions.KernelMode kernel, int batch, int threads, double pjPerAc,
                               double pjPerMac, String out, boolean saveNetworks, String runtime, String tiles,
                               String timing, int nodes, String placement, boolean biases, boolean maxPools,
                               EarlyExit earlyExit) {

  /** The actor runtime's settings for {@code threads} threads, or null for the sequential simulator. */
  public ActorSettings actors(int threads) {
    return switch (runtime) {
      case "sequential" -> null;
      case "actors" -> ActorSettings.defaults(threads).withTiling(Tiling.parse(tiles)).withTiming(Timing.parse(timing))
          .withBatchImages(batch);
      default -> throw new IllegalArgumentException("simulate.runtime must be sequential or actors, got '" + runtime
          + "'");
    };
  }

  /** The cluster nodes (in this JVM) the actor runtime spreads over (one: an actor system). */
  public ClusterSettings cluster() {
    return ClusterSettings.of(nodes, Placement.parse(placement));
  }

  /**
   * One conversion of the experiment ({@code vInit}: α of the initial potential α·θ;
   * {@code biasCalibrationSteps}: T_c of bias calibration, 0 for none).
   */
  public record ConversionSpec(ThresholdMethod method, double percentile, ResidualPolicy residual,
                               SimulationOptions.InputMode input, double vInit, String label,
                               int biasCalibrationSteps, SimulationOptions.Reset reset) {
    /** A conversion without bias calibration, under every reset of the experiment. */
    public ConversionSpec(ThresholdMethod method, double percentile, ResidualPolicy residual,
                          SimulationOptions.InputMode input, double vInit, String label) {
      this(method, percentile, residual, input, vInit, label, 0, null);
    }

    /** The resets this conversion runs under: its own, or else every one of the experiment. */
    public List<SimulationOptions.Reset> resets(List<SimulationOptions.Reset> experiment) {
      return reset == null ? experiment : List.of(reset);
    }
  }

  /**
   * Reads {@code deepsnn.experiment} from a resolved config (reference defaults included).
   *
   * @throws IllegalArgumentException naming the key when a value is missing or wrong
   */
  public static ExperimentConfig from(Config root, String origin) {
    try {
      Config c = root.getConfig("deepsnn.experiment");
      List<ConversionSpec> conversions = new ArrayList<>();
      for (Config conv : c.getConfigList("conversions")) {
        ThresholdMethod m = ThresholdMethod.parse(conv.getString("method"));
        double p = conv.hasPath("percentile") ? conv.getDouble("percentile") : 99.9;
        ResidualPolicy r = ResidualPolicy.parse(conv.hasPath("residual") ? conv.getString("residual") : "unity");
        SimulationOptions.InputMode in = ConvertSettings.parseInput(conv.hasPath("input") ? conv.getString("input")
            : "poisson");
        String label = conv.hasPath("label") ? conv.getString("label")
            : m == ThresholdMethod.DATA_PERCENTILE ? "p" + TextTable.trim(p) : m.label();
        double vInit = conv.hasPath("v-init") ? conv.getDouble("v-init") : 0;
        if (!(vInit >= 0 && vInit < 1)) {
          throw new IllegalArgumentException(origin + ": conversion '" + label + "': v-init must be in [0, 1), got "
              + vInit);
        }
        int calibrate;
        try {
          calibrate = ConvertSettings.parseCalibration(conv.hasPath("calibrate") ? conv.getString("calibrate") : "none",
              conv.hasPath("calibrate-steps") ? conv.getInt("calibrate-steps") : 0, conv.hasPath("calibrate-steps"));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(origin + ": conversion '" + label + "': " + e.getMessage()
              .replace("--calibrate-steps", "calibrate-steps").replace("--calibrate", "calibrate"), e);
        }
        SimulationOptions.Reset reset = conv.hasPath("reset") ? ConvertSettings.parseReset(conv.getString("reset"))
            : null;
        conversions.add(new ConversionSpec(m, p, r, in, vInit, label, calibrate, reset));
      }
      if (conversions.isEmpty()) {
        throw new IllegalArgumentException(origin + ": deepsnn.experiment.conversions is empty");
      }
      List<SimulationOptions.Reset> resets = c.getStringList("resets").stream().map(ConvertSettings::parseReset).toList();
      List<InputScaleRule> scales = c.getStringList("input-scales").stream().map(InputScaleRule::parse).toList();
      int[] timesteps = c.getIntList("simulate.timesteps").stream().mapToInt(Integer::intValue).sorted().distinct()
          .toArray();
      // Ranges are checked here, before any conversion or write (issue 18).
      if (timesteps.length == 0 || timesteps[0] < 1) {
        throw new IllegalArgumentException(origin + ": deepsnn.experiment.simulate.timesteps must be positive "
            + "timesteps, got " + c.getIntList("simulate.timesteps"));
      }
      atLeast(c, "data.images", 0, origin);
      atLeast(c, "calibration.images", 1, origin);
      atLeast(c, "calibration.steps", 1, origin);
      atLeast(c, "simulate.batch", 1, origin);
      atLeast(c, "threads", 0, origin);
      for (String key : new String[] {"energy.pj-per-ac", "energy.pj-per-mac"}) {
        if (!(c.getDouble(key) >= 0)) {
          throw new IllegalArgumentException(origin + ": deepsnn.experiment." + key + " must not be negative, got "
              + c.getDouble(key));
        }
      }
      SimulationOptions.Readout readout = switch (c.getString("simulate.readout")) {
        case "spikes" -> SimulationOptions.Readout.SPIKES;
        case "current" -> SimulationOptions.Readout.CURRENT;
        default -> throw new IllegalArgumentException(origin + ": simulate.readout must be spikes or current");
      };
      SimulationOptions.KernelMode kernel = SimulationOptions.KernelMode.valueOf(
          c.getString("simulate.kernel").toUpperCase());
      return new ExperimentConfig(c.getString("name"), c.getString("model"), c.getString("input-shape"),
          doubles(c, "mean"), doubles(c, "std"), c.getString("data.path"), c.getString("data.split"),
          c.getInt("data.images"), c.getInt("data.resize"), c.getInt("data.crop"), c.getString("calibration.path"),
          c.getString("calibration.split"), c.getInt("calibration.images"), c.getInt("calibration.steps"),
          c.getIsNull("calibration.seed") ? null : c.getLong("calibration.seed"), conversions, resets, scales,
          timesteps, c.getLong("simulate.seed"), readout, kernel, c.getInt("simulate.batch"), c.getInt("threads"),
          c.getDouble("energy.pj-per-ac"), c.getDouble("energy.pj-per-mac"), c.getString("out"),
          c.getBoolean("save-networks"), c.getString("simulate.runtime"), c.getString("simulate.tiles"),
          c.getString("simulate.timing"), c.getInt("simulate.nodes"), c.getString("simulate.placement"),
          ImportOptions.parseBiasMode(c.getString("bias")), ImportOptions.parseMaxPoolMode(c.getString("maxpool")),
          earlyExit(c, origin));
    } catch (ConfigException e) {
      throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
    }
  }

  private static EarlyExit earlyExit(Config c, String origin) {
    try {
      return EarlyExit.parse(c.getString("simulate.early-exit"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(origin + ": deepsnn.experiment.simulate.early-exit: " + e.getMessage(), e);
    }
  }

  private static void atLeast(Config c, String key, int min, String origin) {
    if (c.getInt(key) < min) {
      throw new IllegalArgumentException(origin + ": deepsnn.experiment." + key + " must be at least " + min
          + (min == 0 ? " (0 = all)" : "") + ", got " + c.getInt(key));
    }
  }

  private static double[] doubles(Config c, String key) {
    return c.getDoubleList(key).stream().mapToDouble(Double::doubleValue).toArray();
  }

}
