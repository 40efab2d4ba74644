package io.deepsnn.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The latency to near-ANN accuracy: the first checkpoint from which the SNN stays within 1 point. */
class LatencyToAnnTest {
  @Test
  void theFirstCheckpointFromWhichTheAccuracyStaysNearTheAnn() {
    // ANN 90 %: T=20 is within 0.5 pt but T=50 falls 3 pt behind again, so the latency is T=100.
    SnnReport r = report("a", 0.90, new int[] {10, 20, 50, 100, 200}, new double[] {0.50, 0.895, 0.87, 0.893, 0.91});
    assertEquals(100, r.timestepsToAnnWithin(1));
    assertEquals(200, r.timestepsToAnnWithin(0.5), "0.7 pt behind at T=100 is not within 0.5 pt");
    assertEquals(10, r.timestepsToAnnWithin(40));
    assertEquals(-1, report("b", 0.90, new int[] {10, 20}, new double[] {0.5, 0.85}).timestepsToAnnWithin(1));
    assertEquals(-1, report("c", Double.NaN, new int[] {10}, new double[] {0.9}).timestepsToAnnWithin(1),
        "no ANN accuracy, no latency");
  }

  @Test
  void theTablesShowIt() {
    List<SnnReport> runs = List.of(
        report("fast", 0.90, new int[] {10, 20}, new double[] {0.895, 0.90}),
        report("slow", 0.90, new int[] {10, 20}, new double[] {0.50, 0.70}));
    String table = ReportTables.accuracy(runs);
    String row = table.lines().filter(l -> l.startsWith("within 1 pt of ANN from T")).findFirst().orElseThrow();
    assertTrue(row.matches(".*\\s10\\s+not reached\\s*"), row);
    String md = ReportMarkdown.render("t", runs);
    assertTrue(md.contains("| within 1 pt of ANN from T |") && md.contains("| 90.00 % | 10 |")
        && md.contains("| 70.00 % | not reached | – |"), md);
    // The cost of getting there: 12,000 ACs over 1,000 images at T = 10, AC/MAC 0.5 there, and
    // 1.5 s of wall time (1.5 s per checkpoint in these reports).
    assertTrue(md.contains("| 10 | 12 (0.50) | 1.50 s |"), md);
    assertTrue(table.lines().anyMatch(l -> l.contains("wall time to get there") && l.contains("1.50 s")), table);
    assertTrue(table.lines().anyMatch(l -> l.contains("ACs/image to get there") && l.matches(".*\\s12\\s*")),
        table);
  }

  @Test
  void theWallTimeToACheckpointIsItsShareOfTheComputeTimeMeasuredThere() {
    // Checkpoints at T = 10, 20, 40; 2 + 3 + 5 = 10 ms of compute (summed over batches) at T = 40.
    io.deepsnn.network.snn.SimulationResult r = new io.deepsnn.network.snn.SimulationResult(new int[] {10, 20, 40},
        1, new int[3], new long[3][1], new long[3][1], new long[3][1], new int[1][3], new int[1], new long[1],
        new long[1], new int[] {40}, new long[] {2_000_000, 5_000_000, 10_000_000});
    assertEquals(1.2, ReportBuilder.secondsTo(r, 0, 6.0), 1e-12, "2/10 of a 6 s run");
    assertEquals(3.0, ReportBuilder.secondsTo(r, 1, 6.0), 1e-12);
    assertEquals(6.0, ReportBuilder.secondsTo(r, 2, 6.0), 1e-12);
    io.deepsnn.network.snn.SimulationResult unmeasured = new io.deepsnn.network.snn.SimulationResult(
        new int[] {10}, 1, new int[1], new long[1][1], new long[1][1], new long[1][1], new int[1][1], new int[1],
        new long[1], new long[1]);
    assertTrue(Double.isNaN(ReportBuilder.secondsTo(unmeasured, 0, 6.0)), "no times kept: unknown, not 0");
    SnnReport near = report("n", 0.90, new int[] {10, 20}, new double[] {0.80, 0.895});
    SnnReport.TimeToAccuracy there = near.timeToAnnWithin(1);
    assertEquals(20, there.timesteps());
    assertEquals(24.0, there.acsPerImage(), 1e-12, "24,000 ACs over 1,000 images");
    assertEquals(3.0, there.seconds(), 1e-12);
    assertEquals(null, report("m", 0.90, new int[] {10}, new double[] {0.5}).timeToAnnWithin(1));
  }

  private static SnnReport report(String label, double ann, int[] steps, double[] accuracy) {
    List<SnnReport.AccuracyPoint> points = new ArrayList<>();
    for (int k = 0; k < steps.length; k++) {
      points.add(new SnnReport.AccuracyPoint(steps[k], (int) Math.round(accuracy[k] * 1000), accuracy[k], 0,
          12_000L * (k + 1), 0.5 * (k + 1), steps[k], 1.5 * (k + 1)));
    }
    SnnReport.Settings settings = new SnnReport.Settings("data-max", Double.NaN, "unity", "zero", "poisson", "spikes",
        "event", 0, 1, "range", 0, 0);
    SnnReport.LayerStats layer = new SnnReport.LayerStats(0, "input", "input", "1x2x2", 4, Double.NaN, false, 0, 0,
        0, 0, 0, Double.NaN);
    SnnReport.Totals totals = new SnnReport.Totals(0, 0, 0, 0, 0, 0.9, 4.6, 0, 0);
    return new SnnReport(label, settings, 1000, "test", ann, points, List.of(layer), totals, 1, 0, 1);
  }
}
