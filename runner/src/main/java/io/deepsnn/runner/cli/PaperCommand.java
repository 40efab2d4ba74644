package io.deepsnn.runner.cli;

import io.deepsnn.runner.paper.PaperConfig;
import io.deepsnn.runner.paper.PaperExperiment;
import io.deepsnn.runner.paper.ResultsPage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code snn experiment paper FILE.conf}: the paper's tables and figures, written to RESULTS.md. */
@Command(name = "paper", mixinStandardHelpOptions = true,
    description = "Reproduce the paper's Table 1 and Figures 3-5 (and runs beyond the paper) on the models of a "
        + "HOCON file (deepsnn.paper; see configs/paper-cifar10.conf); writes RESULTS.md and its plots. Runs are "
        + "cached, so an interrupted experiment resumes.")
public final class PaperCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE.conf", description = "The experiment description.")
  Path file;

  @Mixin
  CommonOptions common;

  @picocli.CommandLine.Option(names = "--cached-only", description = "Compute nothing but the ANN accuracies: write "
      + "the page from the runs already cached, saying which have not run yet.")
  boolean cachedOnly;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("deepsnn.paper.threads", common.threads == null ? null : common.threads());
    PaperConfig cfg = PaperConfig.from(HoconFiles.read(file, overrides), file.toString());
    PrintWriter out = spec.commandLine().getOut();
    PaperExperiment.Results r = PaperExperiment.run(cfg, out, cachedOnly);
    Path page = ResultsPage.write(r, "bin/snn experiment paper " + file);
    out.println("wrote " + page + " and its plots");
    out.flush();
    return 0;
  }
}
