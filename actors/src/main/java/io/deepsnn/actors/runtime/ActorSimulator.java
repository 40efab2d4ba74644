package io.deepsnn.actors.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.deepsnn.actors.topology.TopologyPlan;
import io.deepsnn.network.snn.SimulationResult;
import io.deepsnn.network.snn.SnnInput;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * One deployment of the actor runtime behind the same blocking API as the sequential simulator
 * (one tile actor per tile, a clock; made by a {@link RuntimeSession}): {@link #run} cuts the
 * images into batches, keeps several in flight, and merges their results in image order; when a
 * node hosting tiles is lost, the unfinished batches run again on a new deployment. Close it to
 * stop the deployment's actors.
 */
public final class ActorSimulator implements AutoCloseable {
  /** The system the clock runs in (its scheduler times the asks). */
  private final ActorSystem<?> system;
  /** The clock; a failover replaces it. */
  private ActorRef<ClockActor.Command> clock;
  private final ActorSettings settings;
  private final TopologyPlan plan;
  private final Runnable onClose;
  private final Failover failover;
  private final List<String> failovers = new ArrayList<>();
  private int nextBatch;

  /**
   * Where image batches go when a node hosting tiles is lost: a new deployment of the same tiles
   * on the nodes that are left (image batches are independent, so running one again there gives
   * the same result).
   */
  public interface Failover {
    /**
     * Deploys the tiles again on the nodes up (a lost node is not among them), or returns null
     * when that is not possible.
     */
    Redeployed redeploy();
  }

  /**
   * A failover's new deployment.
   *
   * @param clock its clock
   * @param layout each node it uses, and how many tiles that node hosts ("host:port: 4 tiles")
   */
  public record Redeployed(ActorRef<ClockActor.Command> clock, List<String> layout) {
  }

  /**
   * Drives {@code clock}, a clock already running in {@code system} (e.g. a deployment over the
   * nodes of a multi-node run, see {@code io.deepsnn.actors.cluster}); {@link #close()} stops the
   * clock and runs {@code onClose}. When a node is lost mid-run, {@code failover} (may be null)
   * gives a new clock and the unfinished image batches run again there.
   */
  public ActorSimulator(ActorSystem<?> system, ActorRef<ClockActor.Command> clock, TopologyPlan plan,
                        ActorSettings settings, Runnable onClose, Failover failover) {
    this.system = system;
    this.clock = clock;
    this.plan = plan;
    this.settings = settings;
    this.onClose = onClose;
    this.failover = failover;
  }

  /**
   * What each failover so far answered: the lost node and its tiles, and the nodes the tiles were
   * deployed on again (where the unfinished image batches went).
   */
  public List<String> failovers() {
    return List.copyOf(failovers);
  }

  /** The configuration of an actor system of the runtime: {@code extra} over the defaults. */
  public static Config systemConfig(ActorSettings settings, Config extra) {
    return ConfigFactory.parseString(
        "deepsnn.actors.compute-dispatcher.fork-join-executor.parallelism-min = " + settings.threads() + "\n"
            + "deepsnn.actors.compute-dispatcher.fork-join-executor.parallelism-max = " + settings.threads() + "\n"
            // Injected delays and tick pacing need millisecond resolution (Pekko's default tick is 10 ms).
            + "pekko.scheduler.tick-duration = 1ms")
        .withFallback(extra).withFallback(ConfigFactory.load());
  }

  /** The topology the actors were spawned from. */
  public TopologyPlan plan() {
    return plan;
  }

  /**
   * Simulates {@code images} for {@code max(checkpoints)} timesteps.
   *
   * @throws ActorRuntimeException when a batch fails (e.g. a lost spike batch)
   */
  public SimulationResult run(List<SnnInput> images, int[] checkpoints) {
    int[] cps = Arrays.stream(checkpoints).distinct().sorted().toArray();
    if (cps.length == 0 || cps[0] < 1) {
      throw new IllegalArgumentException("timesteps must be positive, got " + Arrays.toString(checkpoints));
    }
    SimulationResult total = null;
    for (ClockActor.BatchOutcome o : runAll(images, cps)) {
      total = total == null ? o.result() : total.plus(o.result());
    }
    if (total == null) {
      throw new IllegalArgumentException("no images to simulate");
    }
    return total;
  }

  /** An image batch in flight: its images (to run it again after a failover) and its outcome to come. */
  private record Pending(List<SnnInput> images, CompletableFuture<ClockActor.BatchOutcome> outcome) {
  }

  /**
   * Runs {@code images} in batches, a bounded number in flight; outcomes in image order. When a
   * lost node fails a batch and a failover redeploys the tiles, that batch and those in flight
   * with it run again on the new deployment.
   */
  private List<ClockActor.BatchOutcome> runAll(List<SnnInput> images, int[] cps) {
    int b = settings.batchImages();
    Deque<Pending> inFlight = new ArrayDeque<>();
    List<ClockActor.BatchOutcome> done = new ArrayList<>();
    int next = 0;
    while (next < images.size() || !inFlight.isEmpty()) {
      while (next < images.size() && inFlight.size() < settings.batchesInFlight()) {
        List<SnnInput> part = images.subList(next, Math.min(images.size(), next + b));
        next += part.size();
        inFlight.add(new Pending(part, submit(part, cps)));
      }
      Pending first = inFlight.removeFirst();
      ClockActor.BatchOutcome outcome = await(first.outcome());
      if (outcome.failure() != null) {
        if (outcome.lostNode() != null && failOver(outcome.failure())) {
          List<Pending> again = new ArrayList<>(List.of(first));
          again.addAll(inFlight);
          inFlight.clear();
          again.forEach(p -> inFlight.add(new Pending(p.images(), submit(p.images(), cps))));
          continue;
        }
        inFlight.forEach(p -> p.outcome().cancel(true));
        throw new ActorRuntimeException(outcome.failure());
      }
      done.add(outcome);
    }
    return done;
  }

  /** Moves to a new deployment without the lost node, if there is a failover and it can. */
  private boolean failOver(String lost) {
    if (failover == null) {
      return false;
    }
    Redeployed replacement = failover.redeploy();
    if (replacement == null) {
      return false;
    }
    clock.tell(new ClockActor.Stop());
    clock = replacement.clock();
    failovers.add(lost + "; the tiles were deployed again on " + String.join(", ", replacement.layout()));
    return true;
  }

  /**
   * Spike-Norm's measurement on a probe runtime (see {@link #probe}): the largest input one neuron
   * of the probe layer receives in one timestep over {@code images} and {@code timesteps} steps,
   * in fixed point, or {@code Long.MIN_VALUE} when nothing arrived.
   */
  public long maxInput(List<SnnInput> images, int timesteps) {
    if (!plan.isProbe()) {
      throw new IllegalStateException("not a probe runtime");
    }
    long max = Long.MIN_VALUE;
    for (ClockActor.BatchOutcome o : runAll(images, new int[] {timesteps})) {
      max = Math.max(max, o.probeMax());
    }
    return max;
  }

  /**
   * The conservation counters of every edge: spikes sent, received and integrated. Meaningful
   * between runs, when no message is in flight.
   */
  public List<EdgeCounters.EdgeCount> counters() {
    CompletionStage<EdgeCounters> f = AskPattern.ask(clock, ClockActor.CountersRequest::new,
        Duration.ofSeconds(60), system.scheduler());
    try {
      return f.toCompletableFuture().get(60, TimeUnit.SECONDS).edges();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ActorRuntimeException("interrupted");
    } catch (ExecutionException | TimeoutException e) {
      throw new ActorRuntimeException("the tiles did not report their counters: " + e.getMessage());
    }
  }

  private CompletableFuture<ClockActor.BatchOutcome> submit(List<SnnInput> images, int[] cps) {
    int id = nextBatch++;
    // Generous: the clock itself turns a stall into a failure after the stall timeout.
    Duration timeout = settings.stallTimeout().multipliedBy(4).plusHours(24);
    CompletionStage<ClockActor.BatchOutcome> outcome = AskPattern.ask(clock,
        reply -> new ClockActor.RunBatch(id, List.copyOf(images), cps, reply), timeout, system.scheduler());
    return outcome.toCompletableFuture();
  }

  private static ClockActor.BatchOutcome await(CompletableFuture<ClockActor.BatchOutcome> f) {
    try {
      return f.get(365, TimeUnit.DAYS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ActorRuntimeException("interrupted");
    } catch (ExecutionException | TimeoutException e) {
      throw new ActorRuntimeException("the actor runtime did not answer: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    clock.tell(new ClockActor.Stop());
    onClose.run();
  }

  /** Stops {@code system} and waits (30 s at most) until it has. */
  public static void awaitStop(ActorSystem<?> system) {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // The JVM may go on; nothing to recover here.
    }
  }
}
