package io.deepsnn.runner.pipeline;

import io.deepsnn.network.data.ImageDataset;
import io.deepsnn.network.data.Normalization;
import io.deepsnn.network.data.SampleStream;
import io.deepsnn.network.snn.SequentialSimulator;
import io.deepsnn.network.snn.SimulationResult;
import io.deepsnn.network.snn.SnnInput;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Runs the sequential simulator over a streamed data set on several threads: each thread
 * simulates its own batches of images, and the results are merged in data set order. Images are
 * independent, so the result is identical for any thread count and batch size.
 */
public final class ParallelSimulation {
  private ParallelSimulation() {
  }

  /**
   * Simulates every image of {@code data}.
   *
   * @param progress told how many images each finished batch held
   */
  public static SimulationResult run(SequentialSimulator sim, ImageDataset data, Normalization norm,
                                     int[] checkpoints, int threads, int batch, IntConsumer progress) {
    return run(sim, data, norm, checkpoints, threads, batch, null, r -> { }, progress);
  }

  /**
   * Simulates the images of {@code data} after those already in {@code resumeFrom} (a result of
   * the data set's first images, e.g. from a {@link RunSnapshot}), and returns the result of all.
   *
   * @param resumeFrom the result of the first images, or null to start at the first
   * @param merged told the merged result so far (always a prefix of the data set) after each batch
   * @param progress told how many images each finished batch held
   */
  public static SimulationResult run(SequentialSimulator sim, ImageDataset data, Normalization norm,
                                     int[] checkpoints, int threads, int batch, SimulationResult resumeFrom,
                                     Consumer<SimulationResult> merged, IntConsumer progress) {
    int n = Math.max(1, threads);
    ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
      Thread t = new Thread(r, "snn-sim");
      t.setDaemon(true);
      return t;
    });
    SimulationResult total = resumeFrom;
    Deque<Future<SimulationResult>> inFlight = new ArrayDeque<>();
    try (SampleStream stream = data.open()) {
      if (resumeFrom != null) {
        skip(stream, resumeFrom);
      }
      Iterator<List<SnnInput>> batches = Images.batches(stream, norm, data.channels(), batch);
      while (batches.hasNext() || !inFlight.isEmpty()) {
        // Keep a bounded number of batches in flight so memory stays flat on large data sets.
        while (batches.hasNext() && inFlight.size() < 2 * n) {
          List<SnnInput> b = batches.next();
          inFlight.add(pool.submit(() -> sim.run(b, checkpoints)));
        }
        SimulationResult r = inFlight.removeFirst().get();
        progress.accept(r.images());
        total = total == null ? r : total.plus(r);
        merged.accept(total);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    if (total == null) {
      throw new IllegalArgumentException("the data set is empty");
    }
    return total;
  }

  /** Passes over the images already done, checking that they are the ones the result holds. */
  private static void skip(SampleStream stream, SimulationResult done) {
    long[] indices = done.indices();
    for (int i = 0; i < done.images(); i++) {
      if (!stream.hasNext()) {
        throw new IllegalArgumentException("the data set has fewer images than the partial result (" + done.images()
            + ")");
      }
      long index = stream.next().index();
      if (index != indices[i]) {
        throw new IllegalArgumentException("image " + i + " of the data set has index " + index
            + ", but the partial result holds index " + indices[i] + " there: not a result of this data set");
      }
    }
  }
}
