package io.deepsnn.runner.report;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with right-aligned numeric columns, for terminal output. */
public final class TextTable {
  private final List<String> header;
  private final boolean[] rightAligned;
  private final List<List<String>> rows = new ArrayList<>();

  /**
   * A table; a column whose header starts with {@code >} is right-aligned (the marker is dropped).
   */
  public TextTable(String... columns) {
    header = new ArrayList<>();
    rightAligned = new boolean[columns.length];
    for (int i = 0; i < columns.length; i++) {
      rightAligned[i] = columns[i].startsWith(">");
      header.add(rightAligned[i] ? columns[i].substring(1) : columns[i]);
    }
  }

  /** Adds a row; cells are converted with {@code String.valueOf}. */
  public TextTable row(Object... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + header.size());
    }
    List<String> r = new ArrayList<>();
    for (Object c : cells) {
      r.add(String.valueOf(c));
    }
    rows.add(r);
    return this;
  }

  /** Adds a separator line before the next row. */
  public TextTable separator() {
    rows.add(null);
    return this;
  }

  /** The rendered table, one line per row, ending with a newline. */
  public String render() {
    int[] width = new int[header.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = header.get(i).length();
    }
    for (List<String> r : rows) {
      if (r != null) {
        for (int i = 0; i < width.length; i++) {
          width[i] = Math.max(width[i], r.get(i).length());
        }
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, header, width);
    rule(sb, width);
    for (List<String> r : rows) {
      if (r == null) {
        rule(sb, width);
      } else {
        line(sb, r, width);
      }
    }
    return sb.toString();
  }

  private void line(StringBuilder sb, List<String> cells, int[] width) {
    for (int i = 0; i < width.length; i++) {
      String c = cells.get(i);
      String pad = " ".repeat(width[i] - c.length());
      sb.append(i == 0 ? "" : "  ").append(rightAligned[i] ? pad + c : c + (i == width.length - 1 ? "" : pad));
    }
    sb.append('\n');
  }

  private static void rule(StringBuilder sb, int[] width) {
    int total = 0;
    for (int w : width) {
      total += w;
    }
    sb.append("-".repeat(total + 2 * (width.length - 1))).append('\n');
  }

  /** Formats a count with thousands separators. */
  public static String count(long n) {
    return String.format("%,d", n);
  }

  /** Formats a fraction as a percentage with two decimals. */
  public static String percent(double fraction) {
    return Double.isNaN(fraction) ? "-" : String.format("%.2f %%", 100 * fraction);
  }

  /** A number without a trailing ".0" when it is whole (99.9 → "99.9", 99.0 → "99"). */
  public static String trim(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
