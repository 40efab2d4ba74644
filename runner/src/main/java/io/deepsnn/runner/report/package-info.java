/** Report output: text tables, JSON files (and, later, CSV and plots). */
package io.deepsnn.runner.report;
