/** JMH micro-benchmarks of the kernels (run with bin/jmh). */
package io.deepsnn.benchmarks;
