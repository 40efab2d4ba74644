package io.deepsnn.runner.pipeline;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.deepsnn.network.io.AtomicFiles;
import io.deepsnn.network.snn.SimulationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A local snapshot of a long simulation: the merged result of the images finished so far (always
 * a prefix of the data set, since results are merged in data set order), so that a run stopped
 * half-way resumes at that image instead of from the start. Images are independent and their
 * Poisson input depends only on their index, so a resumed run gives the same result as one
 * without a stop.
 *
 * <p>Written with Kryo, registration required (only the classes below can be read or written),
 * atomically (temp file, then rename). A snapshot belongs to one run: it carries the run's key,
 * and one of another key, of other checkpoints or of an unreadable format is ignored (the run
 * starts over) rather than mixed in.
 */
public final class RunSnapshot {
  /**
   * Version of the snapshot layout; a snapshot of another version is ignored, except format 1
   * (before per-image timesteps were kept), which is still read ({@link Legacy}).
   */
  static final int FORMAT = 2;

  private final Path file;
  private final String key;

  /** The snapshot of run {@code key} in {@code file}. */
  public RunSnapshot(Path file, String key) {
    this.file = file;
    this.key = key;
  }

  /**
   * What a snapshot file holds.
   *
   * @param seconds simulation wall time spent on {@code result} so far
   */
  record Content(int format, String key, SimulationResult result, double seconds) {
  }

  /** A usable snapshot: the images done so far and the wall time they took. */
  public record Partial(SimulationResult result, double seconds) {
  }

  /**
   * Format 1, written before {@link SimulationResult} kept each image's timesteps: the same
   * records with the result's first ten components, registered in the same order, so that Kryo
   * reads the old bytes into them.
   */
  static final class Legacy {
    private Legacy() {
    }

    record Content(int format, String key, Result result, double seconds) {
    }

    record Result(int[] checkpoints, int images, int[] correct, long[][] spikes, long[][] synapses,
                  long[][] shortcutSynapses, int[][] predictions, int[] labels, long[] indices, long[] spikeTrainHash) {
      SimulationResult current() {
        // Every image ran every timestep (early exit did not exist); no times were kept.
        return new SimulationResult(checkpoints, images, correct, spikes, synapses, shortcutSynapses, predictions,
            labels, indices, spikeTrainHash);
      }
    }

    static Kryo kryo() {
      return RunSnapshot.kryo(Content.class, Result.class);
    }

    /** The format-1 content of {@code bytes}, or null when they are of another format. */
    static RunSnapshot.Content read(byte[] bytes) {
      try (Input in = new Input(bytes)) {
        Content c = kryo().readObject(in, Content.class);
        return c.format() == 1 ? new RunSnapshot.Content(1, c.key(), c.result().current(), c.seconds()) : null;
      } catch (KryoException | IllegalArgumentException | NegativeArraySizeException e) {
        return null;
      }
    }
  }

  /** A Kryo that reads and writes exactly the snapshot's classes and refuses any other. */
  static Kryo kryo() {
    return kryo(Content.class, SimulationResult.class);
  }

  /** A Kryo of a snapshot layout: its content and result records, then the arrays, in that order. */
  private static Kryo kryo(Class<?> content, Class<?> result) {
    Kryo k = new Kryo();
    k.setRegistrationRequired(true);
    k.setReferences(false);
    k.register(content);
    k.register(result);
    k.register(int[].class);
    k.register(long[].class);
    k.register(int[][].class);
    k.register(long[][].class);
    return k;
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /**
   * The partial result saved for this run with these checkpoints, if there is a usable one.
   *
   * @param problem told why an existing snapshot is not used
   */
  public Optional<Partial> load(int[] checkpoints, Consumer<String> problem) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Content c;
    try {
      byte[] bytes = Files.readAllBytes(file);
      c = Legacy.read(bytes);
      if (c == null) {
        try (Input in = new Input(bytes)) {
          c = kryo().readObject(in, Content.class);
        }
      }
    } catch (IOException | KryoException | IllegalArgumentException | NegativeArraySizeException e) {
      problem.accept(file + ": unreadable snapshot (" + e.getMessage() + "); starting the run over");
      return Optional.empty();
    }
    if ((c.format() != FORMAT && c.format() != 1) || !key.equals(c.key())) {
      problem.accept(file + ": snapshot of " + (c.format() != FORMAT && c.format() != 1 ? "format " + c.format() : "run " + c.key())
          + ", not of this run; starting it over");
      return Optional.empty();
    }
    if (!Arrays.equals(checkpoints, c.result().checkpoints())) {
      problem.accept(file + ": snapshot with checkpoints " + Arrays.toString(c.result().checkpoints())
          + "; starting the run over");
      return Optional.empty();
    }
    return Optional.of(new Partial(c.result(), c.seconds()));
  }

  /**
   * Saves the partial result and the wall time it took (atomically: a stop during the write leaves the
   * previous snapshot).
   */
  public void save(SimulationResult partial, double seconds) throws IOException {
    try (Output out = new Output(1 << 16, -1)) {
      kryo().writeObject(out, new Content(FORMAT, key, partial, seconds));
      AtomicFiles.write(file, out.toBytes());
    }
  }

  /** Removes the snapshot (the run is finished and stored elsewhere). */
  public void delete() throws IOException {
    Files.deleteIfExists(file);
  }
}
