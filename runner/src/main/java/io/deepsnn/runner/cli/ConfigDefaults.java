package io.deepsnn.runner.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command line's defaults, from the configuration ({@code deepsnn.cli} in the runner's
 * {@code reference.conf}, which takes the experiment's and the actor runtime's own keys where they
 * mean the same): option {@code --NAME} of {@code snn COMMAND} defaults to
 * {@code deepsnn.cli.COMMAND.NAME}, else {@code deepsnn.cli.shared.NAME}, else to nothing. The
 * help's {@code ${DEFAULT-VALUE}} shows the same value. A list is given as its comma-joined items.
 */
public final class ConfigDefaults implements CommandLine.IDefaultValueProvider {
  private final Config cli;

  /** Defaults from {@code root} (its {@code deepsnn.cli} block). */
  public ConfigDefaults(Config root) {
    this.cli = root.getConfig("deepsnn.cli");
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option)) {
      return null;
    }
    String name = option.longestName().replaceFirst("^-+", "");
    List<String> path = commandPath(option.command());
    path.add(name);
    String own = ConfigUtil.joinPath(path);
    String shared = ConfigUtil.joinPath("shared", name);
    ConfigValue v = cli.hasPath(own) ? cli.getValue(own) : cli.hasPath(shared) ? cli.getValue(shared) : null;
    return v == null ? null : render(v);
  }

  /** The command's names below the root: [simulate], [experiment, timing]; [] for the root. */
  static List<String> commandPath(CommandSpec command) {
    List<String> path = new ArrayList<>();
    for (CommandSpec c = command; c.parent() != null; c = c.parent()) {
      path.add(0, c.name());
    }
    return path;
  }

  /** A value as the command line writes it. */
  static String render(ConfigValue v) {
    if (v.valueType() == ConfigValueType.NULL) {
      return null;
    }
    if (v.valueType() == ConfigValueType.LIST) {
      return ((List<?>) v.unwrapped()).stream().map(String::valueOf).collect(Collectors.joining(","));
    }
    return String.valueOf(v.unwrapped());
  }
}
