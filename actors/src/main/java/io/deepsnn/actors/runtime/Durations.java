package io.deepsnn.actors.runtime;

import java.time.Duration;

/** Parses human durations as used on the command line and in configs: 500us, 2ms, 1.5s, 30m, 1h. */
public final class Durations {
  private Durations() {
  }

  /**
   * Parses {@code NUMBER UNIT} with unit us, ms, s, m or h (the number may have decimals).
   *
   * @throws IllegalArgumentException naming the text when it is not a duration
   */
  public static Duration parse(String text) {
    String t = text.trim().toLowerCase();
    String[] units = {"us", "ms", "s", "m", "h"};
    double[] nanos = {1e3, 1e6, 1e9, 60e9, 3600e9};
    for (int u = 0; u < units.length; u++) {
      if (t.endsWith(units[u])) {
        String number = t.substring(0, t.length() - units[u].length());
        // "us" and "ms" also end in "s": they are tried before it.
        try {
          double v = Double.parseDouble(number);
          if (v >= 0 && Double.isFinite(v)) {
            return Duration.ofNanos(Math.round(v * nanos[u]));
          }
        } catch (NumberFormatException e) {
          // not this unit
        }
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 500us, 2ms, 1.5s, 30m, 1h)");
  }
}
