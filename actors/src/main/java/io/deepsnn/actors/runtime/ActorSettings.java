package io.deepsnn.actors.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.deepsnn.actors.topology.Tiling;
import java.time.Duration;

/**
 * Settings of the actor runtime.
 *
 * @param timing lockstep, pipelined or async
 * @param pipelineDepth timesteps inputs may run ahead in pipelined mode (1 = lockstep)
 * @param tiling how layers are cut into tile actors
 * @param threads threads of the compute dispatcher
 * @param batchImages images carried by one spike message
 * @param inFlightBatches image batches simulated at once (0 = one per thread)
 * @param stallTimeout how long without progress before the runtime reports a lost batch
 * @param delay per-message delay in async mode
 * @param faults lost-message injection (tests)
 * @param tickInterval async mode: the wall-clock duration of one timestep (ticks are not issued
 *     faster; zero = as fast as the tiles go), so that injected delays translate into timesteps
 */
public record ActorSettings(Timing timing, int pipelineDepth, Tiling tiling, int threads, int batchImages,
                            int inFlightBatches, Duration stallTimeout, DelayModel delay, FaultInjector faults,
                            Duration tickInterval) {

  /** Validates. */
  public ActorSettings {
    if (pipelineDepth < 1 || threads < 1 || batchImages < 1 || inFlightBatches < 0) {
      throw new IllegalArgumentException("pipeline depth, threads and batch size must be at least 1");
    }
  }

  /**
   * The defaults of {@code deepsnn.actors.runtime} in the configuration (the module's
   * {@code reference.conf}: lockstep, one tile per layer, 8 images per message, ...), with
   * {@code threads} threads.
   */
  public static ActorSettings defaults(int threads) {
    return from(ConfigFactory.load().getConfig("deepsnn.actors.runtime"), threads);
  }

  /**
   * The settings of {@code runtime} (a {@code deepsnn.actors.runtime} block) with {@code threads} threads.
   *
   * @throws IllegalArgumentException naming the key when a value is missing or wrong
   */
  public static ActorSettings from(Config runtime, int threads) {
    try {
      return new ActorSettings(Timing.parse(runtime.getString("timing")), runtime.getInt("pipeline-depth"),
          Tiling.parse(runtime.getString("tiles")), threads, runtime.getInt("batch-images"),
          runtime.getInt("in-flight-batches"), runtime.getDuration("stall-timeout"),
          DelayModel.parse(runtime.getString("delay"), runtime.getLong("delay-seed")), FaultInjector.NONE,
          runtime.getDuration("tick"));
    } catch (ConfigException | IllegalArgumentException e) {
      throw new IllegalArgumentException("deepsnn.actors.runtime: " + e.getMessage(), e);
    }
  }

  /** A copy with another timing. */
  public ActorSettings withTiming(Timing t) {
    return new ActorSettings(t, pipelineDepth, tiling, threads, batchImages, inFlightBatches, stallTimeout, delay, faults, tickInterval);
  }

  /** A copy with another tiling. */
  public ActorSettings withTiling(Tiling t) {
    return new ActorSettings(timing, pipelineDepth, t, threads, batchImages, inFlightBatches, stallTimeout, delay, faults, tickInterval);
  }

  /** A copy with another batch size. */
  public ActorSettings withBatchImages(int n) {
    return new ActorSettings(timing, pipelineDepth, tiling, threads, n, inFlightBatches, stallTimeout, delay, faults, tickInterval);
  }

  /** A copy with another number of image batches in flight. */
  public ActorSettings withInFlightBatches(int n) {
    return new ActorSettings(timing, pipelineDepth, tiling, threads, batchImages, n, stallTimeout, delay, faults, tickInterval);
  }

  /** A copy with another stall timeout. */
  public ActorSettings withStallTimeout(Duration d) {
    return new ActorSettings(timing, pipelineDepth, tiling, threads, batchImages, inFlightBatches, d, delay, faults, tickInterval);
  }

  /** A copy with another delay model. */
  public ActorSettings withDelay(DelayModel d) {
    return new ActorSettings(timing, pipelineDepth, tiling, threads, batchImages, inFlightBatches, stallTimeout, d, faults, tickInterval);
  }

  /** A copy with a fault injector. */
  public ActorSettings withFaults(FaultInjector f) {
    return new ActorSettings(timing, pipelineDepth, tiling, threads, batchImages, inFlightBatches, stallTimeout, delay, f, tickInterval);
  }

  /** A copy with another pipeline depth. */
  public ActorSettings withPipelineDepth(int d) {
    return new ActorSettings(timing, d, tiling, threads, batchImages, inFlightBatches, stallTimeout, delay, faults, tickInterval);
  }

  /** A copy with another async tick interval. */
  public ActorSettings withTickInterval(Duration d) {
    return new ActorSettings(timing, pipelineDepth, tiling, threads, batchImages, inFlightBatches, stallTimeout, delay,
        faults, d);
  }

  /**
   * Image batches simulated at once: as configured, or one per thread (the clock shares the
   * tiles' threads, so a thread waiting at a barrier is handed the tick at once; more batches only
   * make the membranes a thread touches larger and colder, docs/RUNTIME.md).
   */
  public int batchesInFlight() {
    return inFlightBatches > 0 ? inFlightBatches : threads;
  }
}
