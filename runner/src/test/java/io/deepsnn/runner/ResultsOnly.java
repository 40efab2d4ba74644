package io.deepsnn.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deepsnn.runner.report.SnnReport;

/**
 * What a run computed, without how long it took: the wall time at each checkpoint
 * ({@code seconds}) is a measurement of the machine, so two runs of the same semantics agree on
 * everything in an accuracy point but that.
 */
public final class ResultsOnly {
  private ResultsOnly() {}

  /** A report's {@code accuracy} array (or any array of accuracy points) with {@code seconds} removed. */
  public static JsonNode accuracy(JsonNode points) {
    JsonNode copy = points.deepCopy();
    for (JsonNode p : copy) {
      ((ObjectNode) p).remove("seconds");
    }
    return copy;
  }

  /** The point with its wall time set to NaN (records compare NaN equal to NaN). */
  public static SnnReport.AccuracyPoint point(SnnReport.AccuracyPoint p) {
    return new SnnReport.AccuracyPoint(p.timesteps(), p.correct(), p.accuracy(), p.spikes(), p.acs(), p.acPerMac(),
        p.meanTimesteps(), Double.NaN);
  }
}
