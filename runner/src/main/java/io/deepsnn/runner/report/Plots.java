package io.deepsnn.runner.report;

import io.deepsnn.network.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's PNG plots (XChart): accuracy versus timesteps for each run (the paper's Fig. 4)
 * and spikes per neuron per layer (Fig. 5).
 */
public final class Plots {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Plots() {
  }

  /** What a timesteps plot shows on its y axis. */
  private enum Measure { ACCURACY, ERROR, LOSS }

  /** Accuracy (%) against timesteps, one line per run, with the ANN's accuracy as a reference line. */
  public static void accuracy(List<SnnReport> reports, String title, Path png) throws IOException {
    versusTimesteps(reports, title, png, Measure.ACCURACY);
  }

  /** Error (%) against timesteps, as the paper's Fig. 4, with the ANN's error as a reference line. */
  public static void error(List<SnnReport> reports, String title, Path png) throws IOException {
    versusTimesteps(reports, title, png, Measure.ERROR);
  }

  /**
   * Conversion loss (SNN error minus the run's own ANN error, in points) against timesteps: the
   * fair comparison of runs on different networks, each against its own ANN.
   */
  public static void loss(List<SnnReport> reports, String title, Path png) throws IOException {
    versusTimesteps(reports, title, png, Measure.LOSS);
  }

  /** Up to this many runs, the legend sits inside the plot. */
  private static final int MAX_LEGEND_INSIDE = 6;

  private static void versusTimesteps(List<SnnReport> reports, String title, Path png, Measure measure)
      throws IOException {
    String yTitle = switch (measure) {
      case ACCURACY -> "top-1 accuracy (%)";
      case ERROR -> "top-1 error (%)";
      case LOSS -> "SNN error - ANN error (points)";
    };
    // Many runs: the legend goes beside the plot (inside, it would hide the curves).
    boolean many = reports.size() > MAX_LEGEND_INSIDE;
    XYChart chart = new XYChartBuilder().width(many ? 1200 : 900).height(560).title(title).xAxisTitle("timesteps")
        .yAxisTitle(yTitle).build();
    chart.getStyler().setLegendPosition(many ? Styler.LegendPosition.OutsideE
        : measure == Measure.ACCURACY ? Styler.LegendPosition.InsideSE : Styler.LegendPosition.InsideNE);
    chart.getStyler().setXAxisLogarithmic(true);
    // Ticks between the decades too: a run's checkpoints (500, 2500) are rarely powers of ten.
    chart.getStyler().setXAxisLogarithmicDecadeOnly(false);
    chart.getStyler().setXAxisDecimalPattern("0");
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    List<SeriesStyles.Style> styles = SeriesStyles.of(reports.stream().map(SnnReport::label).toList());
    double minT = Double.MAX_VALUE;
    double maxT = 0;
    double ann = Double.NaN;
    for (int i = 0; i < reports.size(); i++) {
      SnnReport r = reports.get(i);
      double[] x = r.accuracy().stream().mapToDouble(SnnReport.AccuracyPoint::timesteps).toArray();
      double[] y = r.accuracy().stream().mapToDouble(p -> switch (measure) {
        case ACCURACY -> 100 * p.accuracy();
        case ERROR -> 100 * (1 - p.accuracy());
        case LOSS -> 100 * (r.annAccuracy() - p.accuracy());
      }).toArray();
      XYSeries s = chart.addSeries(r.label(), x, y);
      SeriesStyles.Style style = styles.get(i);
      s.setMarker(style.marker());
      s.setMarkerColor(style.line());
      s.setLineColor(style.line());
      s.setLineStyle(style.stroke());
      minT = Math.min(minT, x[0]);
      maxT = Math.max(maxT, x[x.length - 1]);
      if (!Double.isNaN(r.annAccuracy())) {
        ann = r.annAccuracy();
      }
    }
    if (!Double.isNaN(ann) && maxT > minT) {
      double v = switch (measure) {
        case ACCURACY -> 100 * ann;
        case ERROR -> 100 * (1 - ann);
        case LOSS -> 0;
      };
      String name = measure == Measure.LOSS ? "no loss" : String.format("ANN (%.2f %%)", v);
      XYSeries s = chart.addSeries(name, new double[] {minT, maxT}, new double[] {v, v});
      s.setMarker(SeriesMarkers.NONE);
      s.setLineColor(java.awt.Color.GRAY);
    }
    save(chart, png);
  }

  /** Spikes per neuron per image of every IF layer (the input left out), grouped by run. */
  public static void spikesPerNeuron(List<SnnReport> reports, String title, Path png) throws IOException {
    // The input's Poisson rate would dwarf every IF layer; the tables report it.
    List<String> names = reports.isEmpty() ? List.of() : reports.get(0).layers().stream().filter(l -> l.index() != 0)
        .map(l -> layerLabel(l.index(), l.name())).toList();
    Map<String, double[]> series = new LinkedHashMap<>();
    for (SnnReport r : reports) {
      series.put(r.label(), r.layers().stream().filter(l -> l.index() != 0)
          .mapToDouble(SnnReport.LayerStats::spikesPerNeuronPerImage).toArray());
    }
    layerBars(title, "spikes per neuron per image", names, series, png);
  }

  /**
   * One bar per layer and series ({@code series}: label to one value per entry of {@code layers},
   * the layer labels).
   */
  public static void layerBars(String title, String yAxis, List<String> layers, Map<String, double[]> series,
                               Path png) throws IOException {
    // Never over the last layer's bars: beneath them, or beside the plot when a row would not hold the legend.
    boolean many = series.size() > MAX_LEGEND_INSIDE;
    CategoryChart chart = new CategoryChartBuilder().width(many ? 1300 : 1000).height(560).title(title)
        .xAxisTitle("layer").yAxisTitle(yAxis).build();
    chart.getStyler().setLegendPosition(many ? Styler.LegendPosition.OutsideE : Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(many ? Styler.LegendLayout.Vertical : Styler.LegendLayout.Horizontal);
    chart.getStyler().setXAxisLabelRotation(45);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    List<SeriesStyles.Style> styles = SeriesStyles.of(List.copyOf(series.keySet()));
    int i = 0;
    for (Map.Entry<String, double[]> e : series.entrySet()) {
      chart.addSeries(e.getKey(), layers, java.util.Arrays.stream(e.getValue()).boxed().toList())
          .setFillColor(styles.get(i++).fill());
    }
    save(chart, png);
  }

  /** "3 features.6", a layer's label on the plots' axes. */
  public static String layerLabel(int index, String name) {
    return index + " " + shortName(name);
  }

  private static String shortName(String name) {
    String n = name.replaceAll("^/", "").replaceAll("/(Relu|Gemm|MatMul|Add)$", "");
    return n.length() > 24 ? "…" + n.substring(n.length() - 23) : n;
  }

  private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path png) throws IOException {
    byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    AtomicFiles.write(png, bytes);
  }
}
