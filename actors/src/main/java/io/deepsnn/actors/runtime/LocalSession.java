package io.deepsnn.actors.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.deepsnn.actors.topology.TopologyPlan;
import io.deepsnn.network.snn.SimulationOptions;
import io.deepsnn.network.snn.SpikingNetwork;
import io.deepsnn.network.snn.Thresholds;
import io.deepsnn.network.snn.TileSteps;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SpawnProtocol;

/**
 * The one-node session: one actor system in this JVM, whose guardian spawns a
 * {@link LocalDeployment} per {@link #deploy}.
 */
public final class LocalSession implements RuntimeSession {
  private static int systems;

  private final ActorSystem<SpawnProtocol.Command> system;
  private final NodeNetwork network;
  private int deployments;

  private LocalSession(NodeNetwork network, Config extra) {
    this.network = network;
    this.system = ActorSystem.create(SpawnProtocol.create(), systemName(),
        ActorSimulator.systemConfig(network.settings(), extra));
  }

  /** A session for {@code network} (its settings: this node's threads). */
  public static LocalSession start(NodeNetwork network) {
    return new LocalSession(network, ConfigFactory.empty());
  }

  /** As {@link #start(NodeNetwork)}, with extra configuration (e.g. for tests). */
  public static LocalSession start(NodeNetwork network, Config extra) {
    return new LocalSession(network, extra);
  }

  /**
   * A one-off simulator of the whole of {@code net} in a session of its own; closing it closes
   * the session.
   */
  public static ActorSimulator simulator(SpikingNetwork net, Thresholds thresholds, SimulationOptions options,
                                         ActorSettings settings) {
    return simulator(net, thresholds, options, settings, ConfigFactory.empty());
  }

  /** As {@link #simulator(SpikingNetwork, Thresholds, SimulationOptions, ActorSettings)}, with extra configuration. */
  public static ActorSimulator simulator(SpikingNetwork net, Thresholds thresholds, SimulationOptions options,
                                         ActorSettings settings, Config extra) {
    LocalSession session = start(new NodeNetwork(net, settings), extra);
    try {
      return session.deploy(Deployment.whole(thresholds, options, settings), session::close).simulator();
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  private static synchronized String systemName() {
    return "deepsnn-" + (systems++);
  }

  @Override
  public Deployed deploy(Deployment what) {
    return deploy(what, () -> { });
  }

  private Deployed deploy(Deployment what, Runnable alsoOnClose) {
    ActorSettings settings = what.on(network.settings());
    TopologyPlan plan = network.plan(settings.tiling(), what.probeLayer());
    // The thresholds are checked here, before anything is spawned (a bad one is named).
    new TileSteps(network.network(), what.thresholds(), what.options(), plan.isProbe() ? plan.lastLayer() : -1);
    ActorRef<ClockActor.Command> clock = Guardian.spawn(system, LocalDeployment.create(plan, what.thresholds(),
        what.options(), settings), "deployment-" + deployments++, LocalDeployment.props(settings));
    return new Deployed(new ActorSimulator(system, clock, plan, settings, alsoOnClose, null), List.of(), "");
  }

  @Override
  public int nodes() {
    return 1;
  }

  @Override
  public RuntimeStats.Traffic traffic() {
    return RuntimeStats.get(system).traffic();
  }

  @Override
  public boolean othersElsewhere() {
    return false;
  }

  @Override
  public long deepestMailbox() {
    return RuntimeStats.get(system).deepestMailbox();
  }

  @Override
  public void resetDeepestMailbox() {
    RuntimeStats.get(system).resetDeepestMailbox();
  }

  @Override
  public List<String> lostNodes() {
    return List.of();
  }

  @Override
  public <T> ActorRef<T> spawn(Behavior<T> behavior, String name) {
    return Guardian.spawn(system, behavior, name);
  }

  @Override
  public ActorSystem<?> system() {
    return system;
  }

  @Override
  public void close() {
    ActorSimulator.awaitStop(system);
  }
}
