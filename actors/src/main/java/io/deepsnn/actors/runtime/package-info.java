/**
 * The actor runtime on one node: the tile protocol ({@link io.deepsnn.actors.runtime.TileActor})
 * with its input and neuron behaviours, the clock ({@link io.deepsnn.actors.runtime.ClockActor})
 * with its barrier, pacer and stall report, the plain classes that decide completion, early
 * batches and gaps, the session contract ({@link io.deepsnn.actors.runtime.RuntimeSession}, local
 * implementation {@link io.deepsnn.actors.runtime.LocalSession}), the blocking
 * {@link io.deepsnn.actors.runtime.ActorSimulator}, settings, and per-system statistics
 * ({@link io.deepsnn.actors.runtime.RuntimeStats}).
 */
package io.deepsnn.actors.runtime;
