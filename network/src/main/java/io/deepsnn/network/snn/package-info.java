/**
 * The spiking network: compiled structure (layers and projections), fixed-point IF dynamics in
 * {@link io.deepsnn.network.snn.LayerTile}, event-driven and dense kernels, the counter-based
 * Poisson encoder, the one timestep core every execution runs ({@link io.deepsnn.network.snn.TileStep}),
 * and the sequential simulator that every other execution must match.
 */
package io.deepsnn.network.snn;
