/** The {@code bin/snn} entry point. */
package io.deepsnn.runner;
