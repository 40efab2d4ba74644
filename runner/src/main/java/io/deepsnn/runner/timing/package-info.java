/** The timing experiment (sequential, lockstep, pipelined, async with delays) and its report. */
package io.deepsnn.runner.timing;
