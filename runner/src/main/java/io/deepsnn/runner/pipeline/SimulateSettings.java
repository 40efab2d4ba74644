package io.deepsnn.runner.pipeline;

import io.deepsnn.actors.cluster.ClusterSettings;
import io.deepsnn.actors.runtime.ActorSettings;
import io.deepsnn.actors.runtime.ClockActor;
import io.deepsnn.network.snn.EarlyExit;
import io.deepsnn.network.snn.SimulationOptions;
import java.util.Arrays;

/**
 * The settings of one simulation run.
 *
 * @param timesteps checkpoints at which accuracy is read (the run lasts the largest)
 * @param reset reset rule, or null for the one the network was calibrated with
 * @param seed Poisson seed, or null for the network's
 * @param readout output readout
 * @param kernel kernel mode
 * @param threads simulation threads
 * @param batch images per batch
 * @param pjPerAc energy per accumulate, pJ
 * @param pjPerMac energy per multiply-accumulate, pJ
 * @param actors the actor runtime's settings, or null for the sequential simulator
 * @param cluster with the actor runtime: the nodes the tiles are spread over (null: one node)
 * @param earlyExit when an image stops being simulated ({@link EarlyExit#OFF}: never)
 */
public record SimulateSettings(int[] timesteps, SimulationOptions.Reset reset, Long seed,
                               SimulationOptions.Readout readout, SimulationOptions.KernelMode kernel, int threads,
                               int batch, double pjPerAc, double pjPerMac, ActorSettings actors,
                               ClusterSettings cluster, EarlyExit earlyExit) {

  /** Settings without early exit. */
  public SimulateSettings(int[] timesteps, SimulationOptions.Reset reset, Long seed,
                          SimulationOptions.Readout readout, SimulationOptions.KernelMode kernel, int threads,
                          int batch, double pjPerAc, double pjPerMac, ActorSettings actors, ClusterSettings cluster) {
    this(timesteps, reset, seed, readout, kernel, threads, batch, pjPerAc, pjPerMac, actors, cluster, EarlyExit.OFF);
  }

  /** Settings of a run on one node. */
  public SimulateSettings(int[] timesteps, SimulationOptions.Reset reset, Long seed,
                          SimulationOptions.Readout readout, SimulationOptions.KernelMode kernel, int threads,
                          int batch, double pjPerAc, double pjPerMac, ActorSettings actors) {
    this(timesteps, reset, seed, readout, kernel, threads, batch, pjPerAc, pjPerMac, actors, null);
  }

  /** Validates. */
  public SimulateSettings {
    if (timesteps.length == 0 || Arrays.stream(timesteps).anyMatch(t -> t < 1)) {
      throw new IllegalArgumentException("--timesteps needs positive numbers, got " + Arrays.toString(timesteps));
    }
    if (threads < 1 || batch < 1) {
      throw new IllegalArgumentException("--threads and --batch must be at least 1");
    }
    if (cluster != null && cluster.nodes() > 1 && actors == null) {
      throw new IllegalArgumentException("--nodes needs the actor runtime (--runtime actors)");
    }
    if (earlyExit == null) {
      throw new IllegalArgumentException("earlyExit must be given (EarlyExit.OFF for none)");
    }
    if (earlyExit.enabled() && readout == SimulationOptions.Readout.CURRENT) {
      throw new IllegalArgumentException("--early-exit counts output spikes; --readout current fires none");
    }
    if (actors != null) {
      ClockActor.requireLockstepForEarlyExit(SimulationOptions.defaults(1).withEarlyExit(earlyExit), actors);
    }
  }

  /** Parses a comma-separated list of timesteps such as {@code 10,20,50,100}. */
  public static int[] parseTimesteps(String list) {
    try {
      int[] t = Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
          .mapToInt(Integer::parseInt).sorted().distinct().toArray();
      if (t.length == 0 || t[0] < 1) {
        throw new IllegalArgumentException();
      }
      return t;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("timesteps must be a comma-separated list of positive integers, got '"
          + list + "'");
    }
  }
}
