package io.deepsnn.runner.cli;

import io.deepsnn.runner.pipeline.ConvertSettings;
import io.deepsnn.actors.runtime.ActorSettings;
import io.deepsnn.actors.runtime.DelayModel;
import io.deepsnn.actors.runtime.Timing;
import io.deepsnn.actors.topology.Tiling;
import io.deepsnn.network.snn.EarlyExit;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.runner.pipeline.SimulateSettings;
import io.deepsnn.runner.report.ReportBuilder;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of a simulation run. */
public final class SimulateOptions {
  @Option(names = "--timesteps", paramLabel = "T1,T2,...",
      description = "Timesteps at which accuracy is read; the run lasts the largest (default: ${DEFAULT-VALUE}).")
  String timesteps;

  @Option(names = "--reset", paramLabel = "zero|subtract",
      description = "Reset rule (default: the one the network was calibrated with).")
  String reset;

  @Option(names = "--seed", paramLabel = "S", description = "Poisson seed (default: the network's).")
  Long seed;

  @Option(names = "--readout", paramLabel = "spikes|current",
      description = "Output readout: spike counts, or the output layer's accumulated input (default: ${DEFAULT-VALUE}).")
  String readout;

  @Option(names = "--kernel", paramLabel = "event|dense|auto",
      description = "Kernels: event-driven, dense, or switched by input density (default: ${DEFAULT-VALUE}).")
  String kernel;

  @Option(names = "--batch", paramLabel = "N",
      description = "Images per batch and thread (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--pj-per-ac", paramLabel = "PJ",
      description = "Energy per accumulate in pJ (default: ${DEFAULT-VALUE}, 45 nm).")
  double pjPerAc = ReportBuilder.PJ_PER_AC;

  @Option(names = "--pj-per-mac", paramLabel = "PJ",
      description = "Energy per multiply-accumulate in pJ (default: ${DEFAULT-VALUE}, 45 nm).")
  double pjPerMac = ReportBuilder.PJ_PER_MAC;

  @Option(names = "--runtime", paramLabel = "sequential|actors",
      description = "Simulator: the sequential one (images in parallel on threads) or the actor runtime "
          + "(default: ${DEFAULT-VALUE}).")
  String runtime;

  @Option(names = "--tiles", paramLabel = "N|max=NEURONS",
      description = "Actor runtime: tiles per layer, or the most neurons per tile (default: ${DEFAULT-VALUE}).")
  String tiles;

  @Option(names = "--timing", paramLabel = "lockstep|pipelined|async",
      description = "Actor runtime: timestep coordination (default: ${DEFAULT-VALUE}).")
  String timing;

  @Option(names = "--pipeline-depth", paramLabel = "K",
      description = "Actor runtime, pipelined: timesteps the inputs may run ahead (default: ${DEFAULT-VALUE}).")
  int pipelineDepth;

  @Option(names = "--delay", paramLabel = "none|fixed:D|uniform:D|exponential:D",
      description = "Actor runtime, async: injected per-message delay, e.g. uniform:2ms (default: ${DEFAULT-VALUE}).")
  String delay;

  @Option(names = "--early-exit", paramLabel = "W:K|off",
      description = "Stop simulating an image once its prediction has held for W timesteps and leads the runner-up "
          + "by K output spikes; its prediction is kept from then on (beyond the paper; actor runtime: lockstep "
          + "timing; default: ${DEFAULT-VALUE}).")
  String earlyExit;

  @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
  picocli.CommandLine.Model.CommandSpec mixee;

  /** The options that only the actor runtime reads. */
  private static final String[] ACTOR_ONLY = {"--tiles", "--timing", "--pipeline-depth", "--delay"};

  /** The actor runtime's settings, or null for the sequential simulator. */
  ActorSettings actorSettings(int threads) {
    OptionValues.named("--delay", () -> DelayModel.parse(delay, 1)); // refused whatever the runtime
    return switch (runtime.toLowerCase()) {
      case "sequential" -> {
        for (String option : ACTOR_ONLY) {
          if (OptionValues.given(mixee, option)) {
            throw new IllegalArgumentException(option + " applies to the actor runtime only: add --runtime actors");
          }
        }
        yield null;
      }
      case "actors" -> ActorSettings.defaults(threads).withTiling(Tiling.parse(tiles)).withTiming(Timing.parse(timing))
          .withPipelineDepth(pipelineDepth).withBatchImages(batch).withDelay(OptionValues.named("--delay", () -> DelayModel.parse(delay, 1)));
      default -> throw new IllegalArgumentException("unknown runtime '" + runtime + "' (sequential or actors)");
    };
  }

  @Mixin
  ClusterOptions cluster = new ClusterOptions();

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
        reset == null ? null : ConvertSettings.parseReset(reset), seed, r, k, threads, batch, pjPerAc, pjPerMac,
        actorSettings(threads), cluster.settings(), OptionValues.named("--early-exit", () -> EarlyExit.parse(earlyExit)));
  }
}
