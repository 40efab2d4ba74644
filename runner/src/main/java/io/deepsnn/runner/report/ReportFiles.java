package io.deepsnn.runner.report;

import io.deepsnn.network.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes reports as JSON and CSV files (each written atomically). */
public final class ReportFiles {
  private ReportFiles() {
  }

  /**
   * Writes {@code report.json}, {@code accuracy.csv}, {@code layers.csv} and {@code report.md}
   * (titled {@code title}) into {@code dir}.
   */
  public static void writeAll(Path dir, String title, Object jsonRoot, List<SnnReport> reports) throws IOException {
    writeAll(dir, title, jsonRoot, reports, "");
  }

  /** As {@link #writeAll(Path, String, Object, List)}, with {@code note} under the page's title. */
  public static void writeAll(Path dir, String title, Object jsonRoot, List<SnnReport> reports, String note)
      throws IOException {
    JsonFiles.write(dir.resolve("report.json"), jsonRoot);
    AtomicFiles.writeString(dir.resolve("accuracy.csv"), accuracyCsv(reports));
    AtomicFiles.writeString(dir.resolve("layers.csv"), layersCsv(reports));
    AtomicFiles.writeString(dir.resolve("report.md"), ReportMarkdown.render(title, reports, note));
  }

  /** Accuracy and cost per run and timestep. */
  public static String accuracyCsv(List<SnnReport> reports) {
    StringBuilder sb = new StringBuilder("run,timesteps,images,correct,accuracy,spikes,acs,ac_per_mac\n");
    for (SnnReport r : reports) {
      for (SnnReport.AccuracyPoint p : r.accuracy()) {
        sb.append(String.format(Locale.ROOT, "%s,%d,%d,%d,%.6f,%d,%d,%.6f%n", csv(r.label()), p.timesteps(),
            r.images(), p.correct(), p.accuracy(), p.spikes(), p.acs(), p.acPerMac()));
      }
    }
    return sb.toString();
  }

  /** Per-layer counts per run. */
  public static String layersCsv(List<SnnReport> reports) {
    StringBuilder sb = new StringBuilder("run,layer,name,role,shape,neurons,threshold,spikes,"
        + "spikes_per_neuron_per_image,acs,shortcut_acs,macs_per_image,ac_per_mac\n");
    for (SnnReport r : reports) {
      for (SnnReport.LayerStats l : r.layers()) {
        sb.append(String.format(Locale.ROOT, "%s,%d,%s,%s,%s,%d,%.9g,%d,%.6f,%d,%d,%d,%.6f%n", csv(r.label()),
            l.index(), csv(l.name()), l.role(), l.shape(), l.neurons(), l.threshold(), l.spikes(),
            l.spikesPerNeuronPerImage(), l.acs(), l.shortcutAcs(), l.macsPerImage(), l.acPerMac()));
      }
    }
    return sb.toString();
  }

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
