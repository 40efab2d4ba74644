package io.deepsnn.runner.paper;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * The paper experiment ({@code deepsnn.paper} in HOCON; defaults in the runner's
 * {@code reference.conf}).
 *
 * @param name title of the results page
 * @param dataPath test data set
 * @param split its split
 * @param images images of the fixed test subset (the first N) behind Table 1's first seed and
 *     Figures 4 and 5
 * @param calibrationPath calibration data set (empty: dataPath)
 * @param calibrationSplit calibration split
 * @param calibrationImages calibration images
 * @param calibrationSteps Spike-Norm timesteps
 * @param seeds Poisson seeds of Table 1
 * @param timesteps checkpoints of the main runs (the last is Table 1's T)
 * @param shortTimesteps checkpoints of the runs beyond the paper (reset by subtraction, percentile)
 * @param percentile the percentile beyond the paper
 * @param models the models
 * @param paperRows the paper's own figures, shown beside ours
 * @param threads threads (0 = all cores)
 * @param out folder of RESULTS.md and its plots
 * @param runs folder of the cached runs (reused when the experiment is run again)
 * @param caveats text put at the top of RESULTS.md (data and model caveats)
 * @param discussion our reading of the results, put under Table 1 (words only: every number on
 *     the page comes from the runs)
 * @param spreadImages images (the first N, at most {@code images}) of the other seeds' runs and
 *     of the runs beyond the paper: the spread over seeds is measured on these
 * @param ablationImages images (the first N, at most {@code images}) of Figure 3's runs
 * @param page file name of the page in {@code out}
 */
public record PaperConfig(String name, String dataPath, String split, int images, String calibrationPath,
                          String calibrationSplit, int calibrationImages, int calibrationSteps, List<Long> seeds,
                          int[] timesteps, int[] shortTimesteps, double percentile, List<ModelSpec> models,
                          List<PaperRow> paperRows, int threads, String out, String runs, String caveats,
                          String discussion, int spreadImages, int ablationImages, String page) {

  /**
   * One model.
   *
   * @param label name in tables
   * @param path ONNX file (metadata JSON beside it)
   * @param table whether it is a row of Table 1
   * @param variant {@code vgg}, or the ResNet ablation it is: {@code resnet-basic} (no junction
   *     ReLU), {@code resnet-junction} (junction ReLU), {@code resnet-full} (junction ReLU and the
   *     two plain pre-processing layers)
   */
  public record ModelSpec(String label, String path, boolean table, String variant) {
  }

  /**
   * A row of the paper's own Table 1 (errors in percent; NaN where the paper gives none).
   *
   * @param source where the figures were read (printed beside them; empty if not given)
   */
  public record PaperRow(String model, double annError, double dataBasedError, double spikeNormError,
                         String source) {
  }

  /** Reads {@code deepsnn.paper}; errors name the key. */
  public static PaperConfig from(Config root, String origin) {
    try {
      Config c = root.getConfig("deepsnn.paper");
      List<ModelSpec> models = new ArrayList<>();
      for (Config m : c.getConfigList("models")) {
        models.add(new ModelSpec(m.getString("label"), m.getString("path"),
            !m.hasPath("table") || m.getBoolean("table"), m.hasPath("variant") ? m.getString("variant") : "vgg"));
      }
      List<PaperRow> rows = new ArrayList<>();
      for (Config r : c.getConfigList("paper-figures")) {
        rows.add(new PaperRow(r.getString("model"), number(r, "ann-error"), number(r, "data-based-error"),
            number(r, "spike-norm-error"), r.hasPath("source") ? r.getString("source") : ""));
      }
      int images = c.getInt("data.images");
      int spread = subset(c, "data.spread-images", images);
      int ablation = subset(c, "data.ablation-images", images);
      String page = c.getString("page");
      if (page.isBlank() || page.contains("/") || !page.endsWith(".md")) {
        throw new IllegalArgumentException(origin + ": deepsnn.paper.page must be a file name ending in .md, got '"
            + page + "'");
      }
      return new PaperConfig(c.getString("name"), c.getString("data.path"), c.getString("data.split"),
          images, c.getString("calibration.path"), c.getString("calibration.split"),
          c.getInt("calibration.images"), c.getInt("calibration.steps"), c.getLongList("seeds"),
          ints(c, "timesteps"), ints(c, "short-timesteps"), c.getDouble("percentile"), models, rows,
          c.getInt("threads"), c.getString("out"), c.getString("runs"), c.getString("caveats"),
          c.getString("discussion"), spread, ablation, page);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
    }
  }

  /** A subset size: 0 means all {@code images}; more than {@code images} is an error naming the key. */
  private static int subset(Config c, String key, int images) {
    int n = c.getInt(key);
    if (n < 0 || n > images) {
      throw new ConfigException.BadValue(c.origin(), key, "must be between 0 (= data.images) and data.images ("
          + images + "), got " + n);
    }
    return n == 0 ? images : n;
  }

  /** The images of a run of {@code seed} in Table 1: all for the first seed, the spread subset for the others. */
  public int tableImages(long seed) {
    return seed == seeds.get(0) ? images : spreadImages;
  }

  private static int[] ints(Config c, String key) {
    return c.getIntList(key).stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
  }

  private static double number(Config c, String key) {
    return c.hasPath(key) ? c.getDouble(key) : Double.NaN;
  }
}
