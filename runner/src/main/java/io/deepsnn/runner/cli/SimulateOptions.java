package io.deepsnn.runner.cli;

import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.runner.pipeline.SimulateSettings;
import io.deepsnn.runner.report.ReportBuilder;
import picocli.CommandLine.Option;

/** The options of a simulation run. */
public final class SimulateOptions {
  @Option(names = "--timesteps", paramLabel = "T1,T2,...", defaultValue = "10,20,50,100,200,500",
      description = "Timesteps at which accuracy is read; the run lasts the largest (default: ${DEFAULT-VALUE}).")
  String timesteps;

  @Option(names = "--reset", paramLabel = "zero|subtract",
      description = "Reset rule (default: the one the network was calibrated with).")
  String reset;

  @Option(names = "--seed", paramLabel = "S", description = "Poisson seed (default: the network's).")
  Long seed;

  @Option(names = "--readout", paramLabel = "spikes|current", defaultValue = "spikes",
      description = "Output readout: spike counts, or the output layer's accumulated input (default: ${DEFAULT-VALUE}).")
  String readout;

  @Option(names = "--kernel", paramLabel = "event|dense|auto", defaultValue = "event",
      description = "Kernels: event-driven, dense, or switched by input density (default: ${DEFAULT-VALUE}).")
  String kernel;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "8",
      description = "Images per batch and thread (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--pj-per-ac", paramLabel = "PJ", defaultValue = "0.9",
      description = "Energy per accumulate in pJ (default: ${DEFAULT-VALUE}, 45 nm).")
  double pjPerAc = ReportBuilder.PJ_PER_AC;

  @Option(names = "--pj-per-mac", paramLabel = "PJ", defaultValue = "4.6",
      description = "Energy per multiply-accumulate in pJ (default: ${DEFAULT-VALUE}, 45 nm).")
  double pjPerMac = ReportBuilder.PJ_PER_MAC;

  /** The settings, validated. */
  public SimulateSettings settings(int threads) {
    SimulationOptions.Readout r = switch (readout.toLowerCase()) {
      case "spikes" -> SimulationOptions.Readout.SPIKES;
      case "current" -> SimulationOptions.Readout.CURRENT;
      default -> throw new IllegalArgumentException("unknown readout '" + readout + "' (spikes or current)");
    };
    SimulationOptions.KernelMode k = switch (kernel.toLowerCase()) {
      case "event" -> SimulationOptions.KernelMode.EVENT;
      case "dense" -> SimulationOptions.KernelMode.DENSE;
      case "auto" -> SimulationOptions.KernelMode.AUTO;
      default -> throw new IllegalArgumentException("unknown kernel '" + kernel + "' (event, dense or auto)");
    };
    return new SimulateSettings(SimulateSettings.parseTimesteps(timesteps),
        reset == null ? null : ConvertOptions.parseReset(reset), seed, r, k, threads, batch, pjPerAc, pjPerMac);
  }
}
