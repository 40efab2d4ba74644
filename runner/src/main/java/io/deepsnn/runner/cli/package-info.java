/** The picocli commands of {@code bin/snn} and their shared option groups. */
package io.deepsnn.runner.cli;
