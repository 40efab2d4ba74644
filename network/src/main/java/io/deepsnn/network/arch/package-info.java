/** Graph builders of the paper's architectures with seeded random weights, for benchmarks and soak runs. */
package io.deepsnn.network.arch;
