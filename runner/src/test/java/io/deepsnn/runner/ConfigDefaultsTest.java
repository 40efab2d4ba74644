package io.deepsnn.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.deepsnn.actors.runtime.ActorSettings;
import io.deepsnn.actors.runtime.Timing;
import io.deepsnn.runner.cli.ConfigDefaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One source of truth for settings: every command-line default comes from {@code deepsnn.cli} in
 * reference.conf (no option carries one of its own), every key there is an option, and a default
 * written once — an actor runtime setting — is what the runtime and the options of every command
 * that mean it start from.
 */
class ConfigDefaultsTest {
  private static List<CommandSpec> commands(CommandLine cl) {
    List<CommandSpec> all = new ArrayList<>(List.of(cl.getCommandSpec()));
    cl.getSubcommands().values().forEach(sub -> all.addAll(commands(sub)));
    return all;
  }

  private static OptionSpec option(String command, String name) {
    CommandLine cl = Main.commandLine();
    for (String c : command.split(" ")) {
      cl = cl.getSubcommands().get(c);
    }
    return cl.getCommandSpec().findOption(name);
  }

  @Test
  void noOptionCarriesADefaultOfItsOwn() {
    for (CommandSpec c : commands(Main.commandLine())) {
      for (OptionSpec o : c.options()) {
        assertNull(o.defaultValue(), c.qualifiedName() + " " + o.longestName() + " has a default in its annotation");
      }
    }
  }

  @Test
  void everyKeyOfACommandIsOneOfItsOptions() {
    Config cli = ConfigFactory.load().getConfig("deepsnn.cli");
    Set<String> sharedUsed = new HashSet<>();
    for (CommandSpec c : commands(Main.commandLine())) {
      List<String> path = new ArrayList<>();
      for (CommandSpec p = c; p.parent() != null; p = p.parent()) {
        path.add(0, p.name());
      }
      for (OptionSpec o : c.options()) {
        sharedUsed.add(o.longestName().replaceFirst("^-+", ""));
      }
      String key = String.join(".", path);
      if (path.isEmpty() || !cli.hasPath(key)) {
        continue;
      }
      for (String name : cli.getConfig(key).root().keySet()) {
        // A subcommand's block (experiment.timing) sits inside its parent's.
        boolean subcommand = c.subcommands().containsKey(name);
        assertTrue(subcommand || c.findOption("--" + name) != null, "deepsnn.cli." + key + "." + name
            + " is no option of snn " + String.join(" ", path));
      }
    }
    for (String name : cli.getConfig("shared").root().keySet()) {
      assertTrue(sharedUsed.contains(name), "deepsnn.cli.shared." + name + " is no option of any command");
    }
  }

  @Test
  void optionsTakeTheirCommandsKeyElseTheSharedOne() {
    ConfigDefaults d = new ConfigDefaults(ConfigFactory.load());
    assertEquals("lockstep", d.defaultValue(option("simulate", "--timing")));
    assertEquals("pipelined", d.defaultValue(option("soak", "--timing")));
    assertEquals("2", d.defaultValue(option("experiment timing", "--tiles")));
    assertEquals("1", d.defaultValue(option("simulate", "--nodes")), "a shared key");
    assertEquals("10,20,50,100,200,500", d.defaultValue(option("simulate", "--timesteps")), "a list, comma-joined");
    assertNull(d.defaultValue(option("simulate", "--seed")), "no key: no default (the network's own seed)");
    String help = Main.commandLine().getSubcommands().get("simulate").getUsageMessage().replaceAll("\\s+", " ");
    assertTrue(help.contains("coordination (default: lockstep)"), "the help shows the configured default: " + help);
  }

  @Test
  void aRuntimeSettingWrittenOnceIsTheDefaultEverywhereItApplies() {
    Config changed = ConfigFactory.parseString("deepsnn.actors.runtime { timing = async, pipeline-depth = 7, "
        + "tiles = \"3\" }").withFallback(ConfigFactory.defaultReferenceUnresolved()).resolve();
    ConfigDefaults d = new ConfigDefaults(changed);
    assertEquals("async", d.defaultValue(option("simulate", "--timing")));
    assertEquals("7", d.defaultValue(option("simulate", "--pipeline-depth")));
    assertEquals("7", d.defaultValue(option("experiment timing", "--pipeline-depth")));
    assertEquals("3", d.defaultValue(option("convert", "--tiles")));
    assertEquals("3", changed.getString("deepsnn.experiment.simulate.tiles"), "and the experiment's default");
    ActorSettings s = ActorSettings.from(changed.getConfig("deepsnn.actors.runtime"), 2);
    assertEquals(Timing.ASYNC, s.timing());
    assertEquals(7, s.pipelineDepth());
    assertEquals(2, s.threads());
  }

  @Test
  void theRuntimesDefaultsAreTheReferenceConf() {
    ActorSettings s = ActorSettings.defaults(3);
    assertEquals(Timing.LOCKSTEP, s.timing());
    assertEquals(4, s.pipelineDepth());
    assertEquals(8, s.batchImages());
    assertEquals(Duration.ofSeconds(60), s.stallTimeout());
    assertEquals(Duration.ZERO, s.tickInterval());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ActorSettings.from(
        ConfigFactory.parseString("stall-timeout = soon").withFallback(ConfigFactory.load()
            .getConfig("deepsnn.actors.runtime")), 1));
    assertTrue(e.getMessage().contains("deepsnn.actors.runtime") && e.getMessage().contains("stall-timeout"),
        e.getMessage());
  }
}
