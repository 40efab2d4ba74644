package io.deepsnn.actors.runtime;

/**
 * Decides whether a spike batch is lost on its way, to test that the runtime detects missing
 * batches instead of integrating less. The default loses nothing.
 */
@FunctionalInterface
public interface FaultInjector {
  /** Loses nothing. */
  FaultInjector NONE = (edge, batch, timestep) -> false;

  /** True to drop the batch of {@code edge} for image batch {@code batch} at {@code timestep}. */
  boolean drop(int edge, int batch, int timestep);
}
