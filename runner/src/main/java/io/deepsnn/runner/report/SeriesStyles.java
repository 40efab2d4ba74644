package io.deepsnn.runner.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Styles that keep a plot with many runs readable. Run labels read "method / reset / λin rule";
 * a plot of twelve such runs in twelve unrelated colours cannot be read, so the label's parts
 * decide the style: the first part (the family, e.g. the method) the colour, the second part the
 * marker, the third the line style; bars, which have only a colour, get a lighter or darker shade
 * of their family's colour per member. A label without " / " is a family of its own.
 */
final class SeriesStyles {

  /** One series' look. */
  record Style(Color line, Color fill, Marker marker, BasicStroke stroke) {
  }

  /**
   * Distinguishable base colours, one per family: the "tab10" palette with its grey replaced by
   * dark indigo (grey is the ANN's reference line).
   */
  private static final Color[] PALETTE = {
      new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
      new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0xbcbd22), new Color(0x393b79)};
  private static final Marker[] MARKERS = {
      SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP,
      SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS};
  private static final BasicStroke[] STROKES = {
      SeriesLines.SOLID, SeriesLines.DASH_DASH, SeriesLines.DOT_DOT, SeriesLines.DASH_DOT};
  /** Per member of a family: how far its bar colour is moved towards white (> 0) or black (< 0). */
  private static final double[] SHADES = {0, 0.45, -0.35, 0.7, -0.6, 0.25};

  private SeriesStyles() {
  }

  /** The style of every label, in the order given. */
  static List<Style> of(List<String> labels) {
    Map<String, Integer> families = new LinkedHashMap<>();
    Map<String, Integer> seconds = new LinkedHashMap<>();
    Map<String, Integer> thirds = new LinkedHashMap<>();
    Map<String, Integer> membersSoFar = new LinkedHashMap<>();
    List<Style> styles = new ArrayList<>();
    for (String label : labels) {
      String[] parts = label.split(" / ", 3);
      int family = families.computeIfAbsent(parts[0], k -> families.size());
      int second = parts.length > 1 ? seconds.computeIfAbsent(parts[1], k -> seconds.size()) : 0;
      int third = parts.length > 2 ? thirds.computeIfAbsent(parts[2], k -> thirds.size()) : 0;
      int member = membersSoFar.merge(parts[0], 1, Integer::sum) - 1;
      // More families than colours: the colours come round again with another line style.
      Color base = PALETTE[family % PALETTE.length];
      int strokeIndex = third + family / PALETTE.length;
      styles.add(new Style(base, shade(base, SHADES[member % SHADES.length]), MARKERS[second % MARKERS.length],
          STROKES[strokeIndex % STROKES.length]));
    }
    return styles;
  }

  /** {@code c} moved by {@code amount} towards white (positive) or black (negative). */
  static Color shade(Color c, double amount) {
    int target = amount >= 0 ? 255 : 0;
    double a = Math.abs(amount);
    return new Color(mix(c.getRed(), target, a), mix(c.getGreen(), target, a), mix(c.getBlue(), target, a));
  }

  private static int mix(int from, int to, double a) {
    return (int) Math.round(from + (to - from) * a);
  }
}
