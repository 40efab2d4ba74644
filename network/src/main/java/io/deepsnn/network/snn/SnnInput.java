package io.deepsnn.network.snn;

/**
 * One normalised image for the spiking network.
 *
 * @param index the image's index in its data set (the Poisson generator's {@code i})
 * @param label its class (or -1 when unknown)
 * @param x normalised values in C×H×W order, in double precision (SEMANTICS §2)
 */
public record SnnInput(long index, int label, double[] x) {
}
