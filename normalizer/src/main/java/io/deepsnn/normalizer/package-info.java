/**
 * Threshold balancing of the converted spiking network: data-based (Diehl et al. 2015) and
 * Spike-Norm (Sengupta et al. 2019), the latter written once ({@link io.deepsnn.normalizer.SpikeNorm})
 * against a probe of the execution that runs the SNN.
 */
package io.deepsnn.normalizer;
