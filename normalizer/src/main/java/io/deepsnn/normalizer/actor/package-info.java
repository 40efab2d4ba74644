/** Spike-Norm on the actor runtime: the normalizer actor and a blocking entry point. */
package io.deepsnn.normalizer.actor;
