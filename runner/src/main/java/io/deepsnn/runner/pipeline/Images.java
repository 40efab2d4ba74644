package io.deepsnn.runner.pipeline;

import io.deepsnn.network.data.Datasets;
import io.deepsnn.network.data.ImageDataset;
import io.deepsnn.network.data.Normalization;
import io.deepsnn.network.data.Sample;
import io.deepsnn.network.data.SampleStream;
import io.deepsnn.network.snn.SnnInput;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Turns data set samples into normalised spiking-network inputs (double precision, SEMANTICS §2). */
public final class Images {
  private Images() {
  }

  /** One sample normalised in double precision. */
  public static SnnInput toInput(Sample s, Normalization norm, int channels) {
    byte[] p = s.pixels();
    double[] x = new double[p.length];
    int plane = p.length / channels;
    for (int k = 0; k < p.length; k++) {
      x[k] = norm.value(k / plane, p[k] & 0xFF);
    }
    return new SnnInput(s.index(), s.label(), x);
  }

  /** All images of {@code data} (use for calibration sets and other small sets only). */
  public static List<SnnInput> load(ImageDataset data, Normalization norm) {
    List<SnnInput> out = new ArrayList<>(data.size());
    try (SampleStream s = data.open()) {
      while (s.hasNext()) {
        out.add(toInput(s.next(), norm, data.channels()));
      }
    }
    return out;
  }

  /**
   * The calibration images: the first {@code n} of {@code data}, or a seeded random sample of
   * {@code n} when {@code seed} is given.
   */
  public static List<SnnInput> calibration(ImageDataset data, Normalization norm, int n, Long seed) {
    if (data.size() == 0) {
      // Balancing on no image would set every threshold to 1 and write a meaningless network.
      throw new IllegalArgumentException(data.describe() + ": no images to calibrate on");
    }
    ImageDataset chosen = seed == null ? Datasets.limit(data, n) : Datasets.subset(data, n, seed);
    return load(chosen, norm);
  }

  /** Streams {@code data} in batches of at most {@code batch} inputs. */
  public static Iterator<List<SnnInput>> batches(SampleStream stream, Normalization norm, int channels, int batch) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return stream.hasNext();
      }

      @Override
      public List<SnnInput> next() {
        List<SnnInput> b = new ArrayList<>(batch);
        while (b.size() < batch && stream.hasNext()) {
          b.add(toInput(stream.next(), norm, channels));
        }
        return b;
      }
    };
  }
}
