package io.deepsnn.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs that differ in λ_in only are paired, and the report gives the accuracy λ_in = 1 loses. */
class ClippingLossTest {

  @Test
  void runsAlikeButForTheInputScaleArePairedAndTheLossIsTheirDifference() {
    SnnReport wideZero = report("spike-norm / zero / λin range", "spike-norm", "zero", "range", 2.023, 0.9270, 106.6);
    SnnReport wideSub = report("spike-norm / subtract / λin range", "spike-norm", "subtract", "range", 2.023, 0.9267,
        112.7);
    SnnReport plainZero = report("spike-norm / zero / λin 1", "spike-norm", "zero", "1", 1, 0.9092, 182.2);
    SnnReport plainSub = report("spike-norm / subtract / λin 1", "spike-norm", "subtract", "1", 1, 0.9092, 193.9);
    SnnReport otherMethod = report("data-max / zero / λin range", "data-max", "zero", "range", 2.023, 0.9286, 155.6);
    List<ClippingLoss.Pair> pairs = ClippingLoss.pairs(List.of(wideZero, wideSub, otherMethod, plainZero, plainSub));
    assertEquals(List.of(new ClippingLoss.Pair(wideZero, plainZero), new ClippingLoss.Pair(wideSub, plainSub)), pairs,
        "data-max has no λ_in = 1 run to pair with");
    // 92.70 % − 90.92 % and 92.67 % − 90.92 %.
    assertEquals(1.78, pairs.get(0).lossPoints(), 1e-9);
    assertEquals(1.75, pairs.get(1).lossPoints(), 1e-9);

    String md = ReportMarkdown.render("t", List.of(wideZero, wideSub, plainZero, plainSub));
    assertTrue(md.contains("## Clipping loss (λ_in = 1)") && md.contains("at T = 2500"), md);
    assertTrue(md.contains("| spike-norm / zero | range (2.023) | 92.70 % | 90.92 % | +1.78 pt | 106.6 | 182.2 |"),
        md);
    assertFalse(ReportMarkdown.render("t", List.of(wideZero, wideSub)).contains("Clipping loss"),
        "no section without a λ_in = 1 run");
    String table = ReportTables.clippingLoss(List.of(wideZero, wideSub, plainZero, plainSub));
    assertTrue(table.lines().anyMatch(l -> l.matches("spike-norm / subtract\\s+range\\s+92\\.67 %\\s+90\\.92 %\\s+"
        + "\\+1\\.75 pt\\s+112\\.7\\s+193\\.9\\s*")), table);
    assertEquals("", ReportTables.clippingLoss(List.of(wideZero)));
  }

  private static SnnReport report(String label, String method, String reset, String rule, double scale,
                                  double accuracy, double acPerMac) {
    List<SnnReport.AccuracyPoint> points = List.of(new SnnReport.AccuracyPoint(100, 0, 0.5, 0, 0, 0),
        new SnnReport.AccuracyPoint(2500, (int) Math.round(accuracy * 10_000), accuracy, 0, 0, 0));
    SnnReport.Settings settings = new SnnReport.Settings(method, Double.NaN, "unity", reset, "poisson", "spikes",
        "event", 0, scale, rule, 256, 2500);
    SnnReport.LayerStats layer = new SnnReport.LayerStats(0, "input", "input", "1x2x2", 4, Double.NaN, false, 0, 0,
        0, 0, 0, Double.NaN);
    SnnReport.Totals totals = new SnnReport.Totals(0, 0, 0, 100, acPerMac, 0.9, 4.6, 0, 0);
    return new SnnReport(label, settings, 10_000, "test", 0.9277, points, List.of(layer), totals, 1, 0, 1);
  }
}
