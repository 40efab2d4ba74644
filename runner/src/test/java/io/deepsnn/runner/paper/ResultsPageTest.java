package io.deepsnn.runner.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deepsnn.runner.report.SnnReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsPageTest {
  private static SnnReport run(String finalCorrect, double accuracy) {
    return new SnnReport("r", null, finalCorrect.length(), "", Double.NaN,
        List.of(new SnnReport.AccuracyPoint(10, 0, accuracy, 0, 0, 0)), List.of(), null, 0, 0, 1, finalCorrect);
  }

  @Test
  void thePairedDifferenceIsSpikeNormsErrorMinusDataMaxsImageByImage() {
    // d_i = 100 (c_dm - c_sn) = [100, 0, 0, 0]: mean 25, sample variance (75² + 3·25²)/3 = 2500, SE sqrt(2500/4) = 25.
    assertEquals("+25.00 ± 25.00", ResultsPage.paired(run("1111", 1), run("0111", 0.75)));
    // [0, 100, -100, 0]: mean 0, variance 20000/3, SE sqrt(20000/12) = 40.82.
    assertEquals("+0.00 ± 40.82", ResultsPage.paired(run("1100", 0.5), run("1010", 0.5)));
    assertEquals("(per-image results not recorded)", ResultsPage.paired(run("11", 1), run("110", 1)));
    assertEquals("–", ResultsPage.paired(null, run("1", 1)));
  }

  @Test
  void aLongerRunIsCountedOnTheFirstImagesFromItsPerImageResults() {
    assertEquals(100.0 / 3, ResultsPage.errorOnFirst(run("1101", 0.75), 3), 1e-9);
    assertEquals(25.0, ResultsPage.errorOnFirst(run("1101", 0.75), 4), 1e-9);
    assertEquals(Double.NaN, ResultsPage.errorOnFirst(run("11", 1), 3));
  }
  @Test
  void aDifferenceWithinTwoStandardErrorsIsNotCalledAWin() {
    // Means 30 and 29 (difference 1); sample variances 2 and 2 over 2 seeds each: SE = sqrt(2/2 + 2/2) = 1.41.
    String s = ResultsPage.comparison("Net", 100, new double[] {29, 31}, new double[] {28, 30});
    assertEquals("Net at T = 100: Spike-Norm's error is lower than data-max's by 1.00 points, within twice its "
        + "standard error over the seeds (1.41), so the seeds cannot separate the methods.", s);
  }

  @Test
  void aClearLossOfSpikeNormIsSaid() {
    // Data-max 20 ± 0, Spike-Norm 25 ± 0 (variance 0): the difference is significant.
    String s = ResultsPage.comparison("Net", 2500, new double[] {20, 20, 20}, new double[] {25, 25, 25});
    assertEquals("Net at T = 2500: Spike-Norm did **not** beat data-max: its error is higher by 5.00 points, "
        + "more than twice its standard error over the seeds (0.00).", s);
  }
}
