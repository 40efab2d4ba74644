package io.deepsnn.runner.pipeline;

import io.deepsnn.runner.report.JsonFiles;
import io.deepsnn.runner.report.SnnReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finished runs of a long experiment, one JSON report each in a folder, so that an interrupted
 * {@code bin/snn run} (folder {@code OUT/runs/}) or {@code experiment paper} resumes where it
 * stopped. A run's key carries a hash of everything its result depends on (model file, data,
 * calibration, method, reset, input scale, timesteps, seed, readout, runtime), so a changed
 * setting or a retrained model is never mixed with an old result. An unfinished run keeps a
 * {@link RunSnapshot} and its converted network beside, so even a run stopped half-way resumes.
 */
public final class RunCache {
  private final Path dir;

  /** The runs kept in {@code dir} (created on the first store). */
  public RunCache(Path dir) {
    this.dir = dir;
  }

  /** The key of a run: its label's slug and the hash of its {@code settings}. */
  public static String key(String slug, RunSettings settings) {
    return slug + "-" + settings.hash().substring(0, 12);
  }

  /** The finished run of that key, if there is one. */
  public Optional<SnnReport> find(String key) throws IOException {
    Path file = dir.resolve(key + ".json");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JsonFiles.mapper().readValue(file.toFile(), SnnReport.class));
    } catch (IOException e) {
      throw new IOException(file + ": cannot read this finished run (" + e.getMessage() + "); delete it to redo the run",
          e);
    }
  }

  /**
   * Records a finished run (atomically), then removes what the run kept while unfinished: its
   * snapshot and its converted network.
   */
  public void store(String key, SnnReport report) throws IOException {
    Files.createDirectories(dir);
    JsonFiles.write(dir.resolve(key + ".json"), report);
    snapshot(key).delete();
    Files.deleteIfExists(conversion(key));
  }

  /** The snapshot of the unfinished run {@code key} (images done so far), from which it resumes. */
  public RunSnapshot snapshot(String key) {
    return new RunSnapshot(dir.resolve(key + ".partial"), key);
  }

  /**
   * Where the unfinished run {@code key} keeps its converted network, so that a resumed run does
   * not calibrate again (Spike-Norm is deterministic: it would give the same thresholds).
   */
  public Path conversion(String key) {
    return dir.resolve(key + ".snn");
  }

  /** Where the runs are kept. */
  public Path dir() {
    return dir;
  }
}
