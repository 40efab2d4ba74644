package io.deepsnn.runner.pipeline;

import io.deepsnn.actors.runtime.ActorSettings;
import io.deepsnn.actors.runtime.ActorSimulator;
import io.deepsnn.network.data.ImageDataset;
import io.deepsnn.network.data.Normalization;
import io.deepsnn.network.data.SampleStream;
import io.deepsnn.network.snn.SimulationResult;
import io.deepsnn.network.snn.SnnInput;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntConsumer;

/** Feeds a streamed data set to the actor runtime in bounded chunks, merging results in order. */
public final class ActorStreaming {
  private ActorStreaming() {
  }

  /** Simulates every image of {@code data} on {@code sim}. */
  public static SimulationResult run(ActorSimulator sim, ImageDataset data, Normalization norm, int[] checkpoints,
                                     ActorSettings settings, IntConsumer progress) {
    int chunk = Math.max(1, settings.batchImages() * settings.batchesInFlight() * 4);
    SimulationResult total = null;
    try (SampleStream stream = data.open()) {
      Iterator<List<SnnInput>> chunks = Images.batches(stream, norm, data.channels(), chunk);
      while (chunks.hasNext()) {
        List<SnnInput> part = chunks.next();
        SimulationResult r = sim.run(part, checkpoints);
        progress.accept(r.images());
        total = total == null ? r : total.plus(r);
      }
    }
    if (total == null) {
      throw new IllegalArgumentException("the data set is empty");
    }
    return total;
  }
}
