package io.deepsnn.actors.topology;

/**
 * How layers are cut into row tiles: a fixed count per layer, or as many tiles as needed to keep
 * each under a number of neurons. Flat layers (height 1) are never cut.
 *
 * @param count tiles per layer (≥ 1), used when {@code maxNeurons} is 0
 * @param maxNeurons if positive, the most neurons a tile may hold (overrides {@code count})
 */
public record Tiling(int count, int maxNeurons) {

  /** Validates. */
  public Tiling {
    if (count < 1 || maxNeurons < 0) {
      throw new IllegalArgumentException("tiles must be at least 1 and max neurons per tile not negative");
    }
  }

  /** One tile per layer. */
  public static Tiling whole() {
    return new Tiling(1, 0);
  }

  /** {@code n} tiles per layer (fewer where a layer has fewer rows). */
  public static Tiling count(int n) {
    return new Tiling(n, 0);
  }

  /** Parses {@code N} (a count) or {@code max=NEURONS}. */
  public static Tiling parse(String s) {
    String v = s.trim();
    try {
      if (v.startsWith("max=")) {
        int max = Integer.parseInt(v.substring(4));
        if (max < 1) {
          throw new IllegalArgumentException("tiles max=NEURONS needs at least 1 neuron per tile, got '" + s + "'");
        }
        return new Tiling(1, max);
      }
      int count = Integer.parseInt(v);
      if (count < 1) {
        throw new IllegalArgumentException("tiles must be at least 1, got '" + s + "'");
      }
      return new Tiling(count, 0);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("tiles must be a count (e.g. 4) or max=NEURONS (e.g. max=50000), got '"
          + s + "'");
    }
  }

  /** Row boundaries of a layer of {@code height} rows of {@code rowNeurons} neurons each: tile k is [b[k], b[k+1]). */
  public int[] rowBounds(int height, int rowNeurons) {
    int n;
    if (height == 1) {
      n = 1;
    } else if (maxNeurons > 0) {
      int rowsPerTile = Math.max(1, maxNeurons / Math.max(1, rowNeurons));
      n = (height + rowsPerTile - 1) / rowsPerTile;
    } else {
      n = Math.min(count, height);
    }
    int[] b = new int[n + 1];
    for (int k = 0; k <= n; k++) {
      b[k] = (int) ((long) k * height / n);
    }
    return b;
  }
}
