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
    int n = Math.max(1, threads);
    ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
      Thread t = new Thread(r, "snn-sim");
      t.setDaemon(true);
      return t;
    });
    SimulationResult total = null;
    Deque<Future<SimulationResult>> inFlight = new ArrayDeque<>();
    try (SampleStream stream = data.open()) {
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
}
