package io.deepsnn.network.ann;

import io.deepsnn.network.data.ImageDataset;
import io.deepsnn.network.data.Normalization;
import io.deepsnn.network.data.Sample;
import io.deepsnn.network.data.SampleStream;
import io.deepsnn.network.graph.Graph;
import io.deepsnn.network.graph.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Measures the ANN's top-1 and top-5 accuracy over a streamed data set, on a fixed number of
 * threads. Images are read in chunks so that memory stays bounded whatever the data set size.
 */
public final class AnnEvaluator {
  private static final int CHUNK = 64;

  private final Graph graph;
  private final Normalization normalization;
  private final int threads;

  /**
   * An evaluator.
   *
   * @param graph the ANN
   * @param normalization per-channel input normalisation
   * @param threads worker threads, at least 1
   */
  public AnnEvaluator(Graph graph, Normalization normalization, int threads) {
    this.graph = graph;
    this.normalization = normalization;
    this.threads = Math.max(1, threads);
  }

  /** Accuracy figures of one evaluation. */
  public record Result(int images, int top1Correct, int top5Correct, int classes) {
    /** Top-1 accuracy as a fraction. */
    public double top1() {
      return images == 0 ? Double.NaN : (double) top1Correct / images;
    }

    /** Top-5 accuracy as a fraction. */
    public double top5() {
      return images == 0 ? Double.NaN : (double) top5Correct / images;
    }
  }

  /**
   * Evaluates every image of {@code data}; {@code progress} is told how many images each finished
   * chunk held.
   *
   * @throws IllegalArgumentException when the data set's shape does not fit the model's input
   */
  public Result evaluate(ImageDataset data, IntConsumer progress) {
    Shape in = graph.inputShape();
    if (data.channels() != in.channels() || data.height() != in.height() || data.width() != in.width()) {
      throw new IllegalArgumentException("the data set's images are " + data.channels() + "x" + data.height() + "x"
          + data.width() + " but the model expects " + in);
    }
    normalization.checkChannels(in.channels());
    AnnInference inference = new AnnInference(graph);
    int classes = graph.outputShape().size();
    int top1 = 0;
    int top5 = 0;
    int images = 0;
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "ann-eval");
      t.setDaemon(true);
      return t;
    });
    try (SampleStream stream = data.open()) {
      while (stream.hasNext()) {
        List<Future<int[]>> chunk = new ArrayList<>();
        for (int k = 0; k < threads * 4 && stream.hasNext(); k++) {
          List<Sample> samples = new ArrayList<>(CHUNK);
          while (samples.size() < CHUNK && stream.hasNext()) {
            samples.add(stream.next());
          }
          chunk.add(pool.submit(() -> score(inference, samples, classes, data.describe())));
        }
        for (Future<int[]> f : chunk) {
          int[] r = f.get();
          images += r[0];
          top1 += r[1];
          top5 += r[2];
          progress.accept(r[0]);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return new Result(images, top1, top5, classes);
  }

  /** {images, top-1 correct, top-5 correct} of one chunk. */
  private int[] score(AnnInference inference, List<Sample> samples, int classes, String where) {
    float[] x = new float[graph.inputShape().size()];
    int top1 = 0;
    int top5 = 0;
    for (Sample s : samples) {
      if (s.label() < 0 || s.label() >= classes) {
        throw new IllegalArgumentException(where + ": image " + s.index() + " has label " + s.label()
            + " but the model has " + classes + " classes");
      }
      normalization.toFloat(s.pixels(), graph.inputShape().channels(), x, 0);
      float[] out = inference.forward(x);
      int rank = rankOf(out, s.label());
      top1 += rank == 0 ? 1 : 0;
      top5 += rank < 5 ? 1 : 0;
    }
    return new int[] {samples.size(), top1, top5};
  }

  /**
   * Position of {@code label} when the scores are sorted in decreasing order, ties going to the
   * lower index (as {@code argmax} picks the first maximum).
   */
  static int rankOf(float[] scores, int label) {
    float mine = scores[label];
    int rank = 0;
    for (int i = 0; i < scores.length; i++) {
      if (scores[i] > mine || (scores[i] == mine && i < label)) {
        rank++;
      }
    }
    return rank;
  }
}
