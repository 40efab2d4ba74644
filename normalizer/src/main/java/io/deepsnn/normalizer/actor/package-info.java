/** Spike-Norm on the actor runtime: its probe, the normalizer actor that drives the algorithm, and a blocking entry point. */
package io.deepsnn.normalizer.actor;
