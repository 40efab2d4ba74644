package io.deepsnn.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.awt.Color;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

class SeriesStylesTest {

  /** The twelve runs of the full Fashion-MNIST config, in the report's order. */
  private static List<String> fashionMnistRuns() {
    List<String> labels = new ArrayList<>();
    for (String scale : List.of("λin range", "λin 1")) {
      for (String method : List.of("spike-norm", "data-max", "p99.9")) {
        for (String reset : List.of("zero", "subtract")) {
          labels.add(method + " / " + reset + " / " + scale);
        }
      }
    }
    return labels;
  }

  @Test
  void methodGivesTheColourResetTheMarkerAndInputScaleTheLine() {
    List<String> labels = fashionMnistRuns();
    List<SeriesStyles.Style> styles = SeriesStyles.of(labels);
    for (int i = 0; i < labels.size(); i++) {
      String[] parts = labels.get(i).split(" / ");
      SeriesStyles.Style s = styles.get(i);
      Color family = styles.get(labels.indexOf(parts[0] + " / zero / λin range")).line();
      assertEquals(family, s.line(), labels.get(i));
      assertEquals(parts[1].equals("zero") ? SeriesMarkers.CIRCLE : SeriesMarkers.SQUARE, s.marker(), labels.get(i));
      assertEquals(parts[2].equals("λin range") ? SeriesLines.SOLID : SeriesLines.DASH_DASH, s.stroke(),
          labels.get(i));
    }
    assertNotEquals(styles.get(0).line(), styles.get(2).line());
    assertNotEquals(styles.get(2).line(), styles.get(4).line());
  }

  @Test
  void everyRunLooksDifferentOnLinesAndOnBars() {
    List<SeriesStyles.Style> styles = SeriesStyles.of(fashionMnistRuns());
    Set<List<Object>> lines = new HashSet<>();
    Set<Color> fills = new HashSet<>();
    for (SeriesStyles.Style s : styles) {
      lines.add(List.of(s.line(), s.marker(), s.stroke()));
      fills.add(s.fill());
    }
    assertEquals(12, lines.size());
    assertEquals(12, fills.size());
  }

  @Test
  void labelsWithoutPartsAreFamiliesOfTheirOwn() {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      labels.add("mode " + i);
    }
    List<SeriesStyles.Style> styles = SeriesStyles.of(labels);
    Set<List<Object>> looks = new HashSet<>();
    for (SeriesStyles.Style s : styles) {
      assertEquals(s.line(), s.fill(), "the first member of a family has the family's own colour");
      looks.add(List.of(s.line(), s.stroke()));
    }
    // Ten colours, then the colours come round again with another line style.
    assertEquals(12, looks.size());
    assertEquals(styles.get(0).line(), styles.get(10).line());
  }

  @Test
  void shadesMoveTowardsWhiteOrBlack() {
    Color c = new Color(100, 50, 200);
    assertEquals(new Color(193, 173, 233), SeriesStyles.shade(c, 0.6));
    assertEquals(new Color(50, 25, 100), SeriesStyles.shade(c, -0.5));
    assertEquals(c, SeriesStyles.shade(c, 0));
  }
}
