/** The report of a run and its writers: text tables, JSON, CSV, report.md and PNG plots. */
package io.deepsnn.runner.report;
