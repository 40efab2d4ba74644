package io.deepsnn.runner.report;

import io.deepsnn.network.snn.SimulationResult;
import io.deepsnn.network.snn.SpikingLayer;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.snn.Thresholds;
import java.util.ArrayList;
import java.util.List;

/** Turns a {@link SimulationResult} into an {@link SnnReport} (SEMANTICS §6 counting). */
public final class ReportBuilder {
  /** Default energy per accumulate, pJ (45 nm, Horowitz 2014, 32-bit float add). */
  public static final double PJ_PER_AC = 0.9;
  /** Default energy per multiply-accumulate, pJ (45 nm, Horowitz 2014, 32-bit float mult + add). */
  public static final double PJ_PER_MAC = 4.6;

  private ReportBuilder() {
  }

  /** Builds the report of one run. */
  public static SnnReport build(String label, SnnReport.Settings settings, SpikingNetwork net, Thresholds th,
                                boolean[] unity, SimulationResult r, String data, double annAccuracy,
                                double wallSeconds, int threads, double pjPerAc, double pjPerMac) {
    int last = r.last();
    long[] spikes = r.spikes()[last];
    long[] acs = r.synapses()[last];
    long[] shortcut = r.shortcutSynapses()[last];
    List<SnnReport.LayerStats> layers = new ArrayList<>();
    long macsPerImage = 0;
    long totalAcs = 0;
    long totalShortcut = 0;
    long totalSpikes = 0;
    for (SpikingLayer layer : net.layers()) {
      int l = layer.index();
      long macs = layer.macs();
      macsPerImage += macs;
      totalAcs += acs[l];
      totalShortcut += shortcut[l];
      totalSpikes += spikes[l];
      double perNeuron = r.images() == 0 ? 0 : (double) spikes[l] / layer.neurons() / r.images();
      layers.add(new SnnReport.LayerStats(l, layer.name(), layer.role().name().toLowerCase(), layer.shape().toString(),
          layer.neurons(), l == 0 ? Double.NaN : th.get(l), unity != null && l < unity.length && unity[l], spikes[l],
          perNeuron, acs[l], shortcut[l], macs, ratio(acs[l], macs, r.images())));
    }
    List<SnnReport.AccuracyPoint> points = new ArrayList<>();
    for (int c = 0; c < r.checkpoints().length; c++) {
      long a = sum(r.synapses()[c]);
      points.add(new SnnReport.AccuracyPoint(r.checkpoints()[c], r.correct()[c], r.accuracy(c), sum(r.spikes()[c]), a,
          ratio(a, macsPerImage, r.images()), r.meanTimesteps(c), secondsTo(r, c, wallSeconds)));
    }
    double acsPerImage = r.images() == 0 ? 0 : (double) totalAcs / r.images();
    SnnReport.Totals totals = new SnnReport.Totals(totalSpikes, totalAcs, totalShortcut, macsPerImage,
        ratio(totalAcs, macsPerImage, r.images()), pjPerAc, pjPerMac, acsPerImage * pjPerAc * 1e-6,
        macsPerImage * pjPerMac * 1e-6);
    double eventsPerSecond = wallSeconds > 0 ? (totalAcs + totalShortcut) / wallSeconds : Double.NaN;
    return new SnnReport(label, settings, r.images(), data, annAccuracy, points, layers, totals, wallSeconds,
        eventsPerSecond, threads, finalCorrect(r));
  }

  /**
   * Per image in the order of its index in the data set (batches may finish in any order), '1'
   * where the last checkpoint's prediction was right.
   */
  static String finalCorrect(SimulationResult r) {
    if (r.predictions() == null || r.labels() == null || r.indices() == null) {
      return null;
    }
    int last = r.last();
    Integer[] order = new Integer[r.images()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, java.util.Comparator.comparingLong(i -> r.indices()[i]));
    StringBuilder b = new StringBuilder(r.images());
    for (int i : order) {
      b.append(r.predictions()[i][last] == r.labels()[i] ? '1' : '0');
    }
    return b.toString();
  }

  /** The wall time up to checkpoint {@code c}: its share of the compute time measured per checkpoint. */
  static double secondsTo(SimulationResult r, int c, double wallSeconds) {
    long[] nanos = r.checkpointNanos();
    long all = nanos == null ? 0 : nanos[r.last()];
    return all <= 0 ? Double.NaN : wallSeconds * nanos[c] / all;
  }

  private static double ratio(long acs, long macsPerImage, int images) {
    return macsPerImage == 0 || images == 0 ? Double.NaN : (double) acs / ((double) macsPerImage * images);
  }

  private static long sum(long[] a) {
    long s = 0;
    for (long v : a) {
      s += v;
    }
    return s;
  }
}
