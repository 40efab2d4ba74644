package io.deepsnn.runner.report;

import java.util.List;

/**
 * Everything one simulation run reports (written as JSON and CSV, drawn as plots).
 *
 * @param label short name of the run, e.g. {@code spike-norm / zero}
 * @param settings how it was converted and simulated
 * @param images number of images simulated
 * @param data description of the data set
 * @param annAccuracy the ANN's top-1 accuracy on the same images, or NaN if not measured
 * @param accuracy accuracy and cost at each requested timestep
 * @param layers per-layer counts over the full run
 * @param totals totals over the full run
 * @param wallSeconds wall time of the simulation
 * @param synapticEventsPerSecond ACs per second of wall time
 * @param threads simulation threads
 * @param finalCorrect per image, in data order, {@code 1} where the prediction at the last
 *     timestep was right and {@code 0} where not (so that two runs on the same images can be
 *     compared image by image: a paired difference); null in reports written before it was kept
 */
public record SnnReport(String label, Settings settings, int images, String data, double annAccuracy,
                        List<AccuracyPoint> accuracy, List<LayerStats> layers, Totals totals, double wallSeconds,
                        double synapticEventsPerSecond, int threads, String finalCorrect) {

  /** A report without per-image results. */
  public SnnReport(String label, Settings settings, int images, String data, double annAccuracy,
                   List<AccuracyPoint> accuracy, List<LayerStats> layers, Totals totals, double wallSeconds,
                   double synapticEventsPerSecond, int threads) {
    this(label, settings, images, data, annAccuracy, accuracy, layers, totals, wallSeconds, synapticEventsPerSecond,
        threads, null);
  }

  /** The same report under another label (plots and tables that name runs their own way). */
  public SnnReport withLabel(String newLabel) {
    return new SnnReport(newLabel, settings, images, data, annAccuracy, accuracy, layers, totals, wallSeconds,
        synapticEventsPerSecond, threads, finalCorrect);
  }

  /**
   * How the network was converted and simulated ({@code biasCalibrationSteps}: T_c of bias
   * calibration, 0 for none, and in reports written before it; {@code earlyExit}: the early-exit
   * rule W:K, null when off and in reports written before it).
   */
  public record Settings(String method, double percentile, String residualPolicy, String reset, String input,
                         String readout, String kernel, long seed, double inputScale, String inputScaleRule,
                         int calibrationImages, int calibrationSteps, double vInit, int biasCalibrationSteps,
                         String earlyExit) {
    /** Settings without early exit. */
    public Settings(String method, double percentile, String residualPolicy, String reset, String input,
                    String readout, String kernel, long seed, double inputScale, String inputScaleRule,
                    int calibrationImages, int calibrationSteps, double vInit, int biasCalibrationSteps) {
      this(method, percentile, residualPolicy, reset, input, readout, kernel, seed, inputScale, inputScaleRule,
          calibrationImages, calibrationSteps, vInit, biasCalibrationSteps, null);
    }

    /** Settings without bias calibration. */
    public Settings(String method, double percentile, String residualPolicy, String reset, String input,
                    String readout, String kernel, long seed, double inputScale, String inputScaleRule,
                    int calibrationImages, int calibrationSteps, double vInit) {
      this(method, percentile, residualPolicy, reset, input, readout, kernel, seed, inputScale, inputScaleRule,
          calibrationImages, calibrationSteps, vInit, 0);
    }

    /** Settings of a run with the paper's initial potential (reports written before it was recorded). */
    public Settings(String method, double percentile, String residualPolicy, String reset, String input,
                    String readout, String kernel, long seed, double inputScale, String inputScaleRule,
                    int calibrationImages, int calibrationSteps) {
      this(method, percentile, residualPolicy, reset, input, readout, kernel, seed, inputScale, inputScaleRule,
          calibrationImages, calibrationSteps, 0);
    }
  }

  /**
   * Accuracy and cost after {@code timesteps} steps; {@code meanTimesteps}: the timesteps an image
   * was simulated on average up to then (fewer with early exit; 0 in reports written before it);
   * {@code seconds}: the run's wall time up to then (its share of the compute time measured at
   * each checkpoint; NaN where not measured, 0 in reports written before it).
   */
  public record AccuracyPoint(int timesteps, int correct, double accuracy, long spikes, long acs, double acPerMac,
                              double meanTimesteps, double seconds) {
    /** A point of a run without early exit or times. */
    public AccuracyPoint(int timesteps, int correct, double accuracy, long spikes, long acs, double acPerMac) {
      this(timesteps, correct, accuracy, spikes, acs, acPerMac, timesteps, Double.NaN);
    }
  }

  /**
   * What it costs to get within {@code points} of the ANN: the first requested timestep from which
   * the run stays there, with the ACs per image and the wall time spent up to it; null when it
   * never gets there (or the ANN's accuracy was not measured).
   */
  public TimeToAccuracy timeToAnnWithin(double points) {
    int t = timestepsToAnnWithin(points);
    if (t < 0) {
      return null;
    }
    AccuracyPoint p = accuracy.stream().filter(a -> a.timesteps() == t).findFirst().orElseThrow();
    return new TimeToAccuracy(t, images == 0 ? 0 : (double) p.acs() / images, p.seconds());
  }

  /** The cost of reaching near-ANN accuracy ({@link #timeToAnnWithin}); seconds NaN or 0 where not measured. */
  public record TimeToAccuracy(int timesteps, double acsPerImage, double seconds) {
  }

  /** One layer's counts over the full run. */
  public record LayerStats(int index, String name, String role, String shape, int neurons, double threshold,
                           boolean unity, long spikes, double spikesPerNeuronPerImage, long acs, long shortcutAcs,
                           long macsPerImage, double acPerMac) {
  }

  /**
   * Totals over the full run. Energy per image: ACs × pJ/AC for the SNN, MACs × pJ/MAC for the ANN.
   */
  public record Totals(long spikes, long acs, long shortcutAcs, long macsPerImage, double acPerMac,
                       double pjPerAc, double pjPerMac, double snnMicrojoulesPerImage,
                       double annMicrojoulesPerImage) {
  }

  /**
   * The latency to near-ANN accuracy: the first requested timestep from which the accuracy stays
   * within {@code points} percentage points of the ANN's, or -1 when it never gets there (or the
   * ANN's accuracy was not measured).
   */
  public int timestepsToAnnWithin(double points) {
    if (Double.isNaN(annAccuracy)) {
      return -1;
    }
    int first = -1;
    for (AccuracyPoint p : accuracy) {
      boolean near = 100 * (annAccuracy - p.accuracy()) <= points + 1e-9;
      if (!near) {
        first = -1;
      } else if (first < 0) {
        first = p.timesteps();
      }
    }
    return first;
  }

  /** The final accuracy (at the largest timestep). */
  public double finalAccuracy() {
    return accuracy.get(accuracy.size() - 1).accuracy();
  }
}
