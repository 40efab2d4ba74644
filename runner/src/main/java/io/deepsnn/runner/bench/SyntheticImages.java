package io.deepsnn.runner.bench;

import io.deepsnn.network.data.Normalization;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.snn.SnnInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded random images for benchmarks and soaks: uniform pixels, normalised like real data. */
public final class SyntheticImages {
  private SyntheticImages() {
  }

  /** {@code n} images of {@code g}'s input shape, indices 0..n-1, label 0, from {@code seed}. */
  public static List<SnnInput> of(Graph g, Normalization norm, int n, long seed) {
    Random rnd = new Random(seed);
    List<SnnInput> list = new ArrayList<>();
    int size = g.inputShape().size();
    int plane = g.inputShape().planeSize();
    for (int i = 0; i < n; i++) {
      double[] x = new double[size];
      for (int k = 0; k < size; k++) {
        x[k] = norm.value(k / plane, rnd.nextInt(256));
      }
      list.add(new SnnInput(i, 0, x));
    }
    return list;
  }
}
