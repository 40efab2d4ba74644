package io.deepsnn.runner.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Refuses keys of an experiment file that no reference key has — a typo such as
 * {@code calibraton} would otherwise be ignored and its default silently used — naming the file,
 * the key and the closest valid name. Only {@code deepsnn.*} is checked (a file may also tune
 * Pekko); the entries of the lists of objects (conversions, models, paper figures) are checked
 * against their own keys.
 */
final class ConfigKeys {
  private ConfigKeys() {
  }

  /** The keys an entry of each list of objects may have. */
  static final Map<String, Set<String>> LIST_ENTRY_KEYS = Map.of(
      "deepsnn.experiment.conversions", Set.of("method", "percentile", "residual", "input", "v-init", "calibrate",
          "calibrate-steps", "reset", "label"),
      "deepsnn.paper.models", Set.of("label", "path", "table", "variant"),
      "deepsnn.paper.paper-figures", Set.of("model", "ann-error", "data-based-error", "spike-norm-error", "source"));

  /**
   * Checks {@code file}'s own keys (before defaults) against {@code reference}.
   *
   * @throws IllegalArgumentException naming {@code origin} and every unknown key
   */
  static void check(Config file, Config reference, String origin) {
    List<String> errors = new ArrayList<>();
    if (file.hasPath("deepsnn")) {
      walk(file.getObject("deepsnn"), "deepsnn", reference, errors);
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(origin + ": " + String.join("; ", errors));
    }
  }

  private static void walk(ConfigObject object, String prefix, Config reference, List<String> errors) {
    for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
      String path = prefix + "." + ConfigUtil.joinPath(e.getKey());
      if (!reference.hasPathOrNull(path)) {
        errors.add("unknown key " + path + suggestion(e.getKey(), siblings(reference, prefix)));
        continue;
      }
      ConfigValue v = e.getValue();
      Set<String> entryKeys = LIST_ENTRY_KEYS.get(path);
      if (entryKeys != null && v.valueType() == ConfigValueType.LIST) {
        ConfigList list = (ConfigList) v;
        for (int i = 0; i < list.size(); i++) {
          if (list.get(i) instanceof ConfigObject entry) {
            for (String k : entry.keySet()) {
              if (!entryKeys.contains(k)) {
                errors.add("unknown key '" + k + "' in entry " + (i + 1) + " of " + path + suggestion(k, entryKeys));
              }
            }
          }
        }
      } else if (v instanceof ConfigObject child && !reference.getIsNull(path)
          && reference.getValue(path).valueType() == ConfigValueType.OBJECT) {
        walk(child, path, reference, errors);
      }
    }
  }

  private static Set<String> siblings(Config reference, String prefix) {
    return reference.hasPath(prefix) ? reference.getObject(prefix).keySet() : Set.of();
  }

  /** " (did you mean X?)" for the closest of {@code candidates}, when one is close enough. */
  static String suggestion(String key, Set<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(key, c);
      if (d < bestDistance || d == bestDistance && best != null && c.compareTo(best) < 0) {
        best = c;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(2, key.length() / 3) ? " (did you mean " + best + "?)" : "";
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
