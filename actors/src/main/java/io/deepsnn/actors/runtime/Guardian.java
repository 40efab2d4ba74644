package io.deepsnn.actors.runtime;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/** Spawning from outside the actors, through a guardian that speaks Pekko's {@link SpawnProtocol}. */
public final class Guardian {
  private Guardian() {
  }

  /**
   * Spawns {@code behavior} as {@code name} under {@code system}'s guardian, waiting (30 s at most)
   * for its ref.
   *
   * @throws ActorRuntimeException when the guardian does not answer
   */
  public static <T> ActorRef<T> spawn(ActorSystem<SpawnProtocol.Command> system, Behavior<T> behavior, String name) {
    return spawn(system, behavior, name, Props.empty());
  }

  /** As {@link #spawn(ActorSystem, Behavior, String)}, with {@code props} (e.g. a dispatcher). */
  public static <T> ActorRef<T> spawn(ActorSystem<SpawnProtocol.Command> system, Behavior<T> behavior, String name,
                                      Props props) {
    try {
      return AskPattern.<SpawnProtocol.Command, ActorRef<T>>ask(system,
          replyTo -> new SpawnProtocol.Spawn<>(behavior, name, props, replyTo), Duration.ofSeconds(30),
          system.scheduler()).toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ActorRuntimeException("interrupted while spawning " + name);
    } catch (ExecutionException | TimeoutException e) {
      throw new ActorRuntimeException("the actor system did not spawn " + name + ": " + e.getMessage());
    }
  }
}
