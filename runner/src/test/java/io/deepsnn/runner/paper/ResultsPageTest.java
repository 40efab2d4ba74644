package io.deepsnn.runner.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ResultsPageTest {
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
