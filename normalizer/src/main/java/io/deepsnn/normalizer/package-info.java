/**
 * Threshold balancing of the converted spiking network: data-based (Diehl et al. 2015) and
 * Spike-Norm (Sengupta et al. 2019). Built in the spiking-network issue.
 */
package io.deepsnn.normalizer;
