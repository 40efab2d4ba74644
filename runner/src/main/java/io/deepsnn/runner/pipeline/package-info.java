/**
 * What a run does, free of the command line: convert, simulate on either runtime, experiments
 * described in HOCON, resumable long runs, the bundled default and the progress bar.
 */
package io.deepsnn.runner.pipeline;
