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
  /** Version of the snapshot layout; a snapshot of another version is ignored. */
  static final int FORMAT = 1;

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

  /** A Kryo that reads and writes exactly the snapshot's classes and refuses any other. */
  static Kryo kryo() {
    Kryo k = new Kryo();
    k.setRegistrationRequired(true);
    k.setReferences(false);
    k.register(Content.class);
    k.register(SimulationResult.class);
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
    try (Input in = new Input(Files.readAllBytes(file))) {
      c = kryo().readObject(in, Content.class);
    } catch (IOException | KryoException | IllegalArgumentException e) {
      problem.accept(file + ": unreadable snapshot (" + e.getMessage() + "); starting the run over");
      return Optional.empty();
    }
    if (c.format() != FORMAT || !key.equals(c.key())) {
      problem.accept(file + ": snapshot of " + (c.format() != FORMAT ? "format " + c.format() : "run " + c.key())
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
