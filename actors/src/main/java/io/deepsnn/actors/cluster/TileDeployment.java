package io.deepsnn.actors.cluster;

import io.deepsnn.actors.runtime.NodeNetwork;
import io.deepsnn.actors.runtime.Deployment;
import io.deepsnn.actors.runtime.ClockActor;
import io.deepsnn.actors.runtime.TileActor;
import io.deepsnn.actors.runtime.WireMessage;
import io.deepsnn.actors.topology.TopologyPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ClusterEvent.CurrentClusterState;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The coordinator of a multi-node run, and then its clock: it waits until {@code nodes} tile hosts
 * have registered with the cluster's receptionist (this node's first) and have each confirmed that
 * they hold the coordinator's network (a probe: a {@link TileHost.SpawnTiles} of no tiles; a host
 * that refuses is left out, named in {@link Ready#refused}, and the deployment waits for another),
 * asks each to spawn its share of the tiles ({@link Placement}), sends every tile the refs of its
 * consumers, and becomes the {@link ClockActor} of those tiles. Image batches asked for before
 * that are stashed and run once the tiles are up. When it stops, the hosts stop its tiles.
 */
public final class TileDeployment {
  private TileDeployment() {
  }

  /** A host's answer to {@link TileHost.SpawnTiles}: the refs of the tiles, or why not. */
  public record TilesSpawned(String node, int[] tiles, List<ActorRef<TileActor.Command>> refs, String failure)
      implements ClockActor.DeploymentMessage, WireMessage {
  }

  /**
   * The deployment is up ({@code failure} null): {@code nodes} lists each node's address and the
   * number of tiles it hosts, in the order the nodes answered, {@code refused} each node left out
   * and why; or it failed.
   */
  public record Ready(List<String> nodes, List<String> refused, String failure) {
  }

  private record HostsListed(List<ActorRef<TileHost.Command>> hosts)
      implements ClockActor.DeploymentMessage, NoSerializationVerificationNeeded {
  }

  /** Look at the hosts listed last again (the membership view may have been behind the registry). */
  private record Recheck() implements ClockActor.DeploymentMessage, NoSerializationVerificationNeeded {
  }

  private record StartupTimeout() implements ClockActor.DeploymentMessage, NoSerializationVerificationNeeded {
  }

  /** At most this many tile names in the message that a node is lost. */
  private static final int NAMED_TILES = 6;

  /**
   * The deployment {@code what} of {@code network} on {@code nodes} nodes, placed by
   * {@code placement}; it fails if the nodes are not all there within {@code timeout}.
   * {@code ready} completes when the tiles are up, or with the reason they never will be.
   */
  public static Behavior<ClockActor.Command> create(NodeNetwork network, Deployment what, int nodes,
                                                    Placement placement, Duration timeout,
                                                    CompletableFuture<Ready> ready) {
    return create(network, what, nodes, nodes, placement, timeout, ready);
  }

  /**
   * As above, on as many of the nodes up now as there are, up to {@code nodes}, waiting only until
   * there are {@code minimum}: after a node is lost, a deployment goes on with the nodes left, and
   * uses a node that joined since (a spare, or the lost node started again) in its place. Nodes
   * that are unreachable, leaving or gone are never used, even while the registry still lists them.
   */
  public static Behavior<ClockActor.Command> create(NodeNetwork network, Deployment what, int nodes, int minimum,
                                                    Placement placement, Duration timeout,
                                                    CompletableFuture<Ready> ready) {
    if (minimum < 1 || minimum > nodes) {
      throw new IllegalArgumentException("minimum must be in 1.." + nodes + ", got " + minimum);
    }
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> Behaviors.withStash(100_000, stash -> {
      Startup startup = new Startup(ctx, timers, stash, network, what, nodes, minimum, placement, timeout, ready);
      String tooLarge = frameProblem(network, what,
          ctx.getSystem().settings().config().getBytes("pekko.remote.artery.advanced.maximum-frame-size"));
      return tooLarge == null ? startup.discovering() : startup.failed(tooLarge);
    })));
  }

  /**
   * Why an image batch's start message would not fit Artery's largest frame (it carries every
   * image's normalised values, as doubles, to each input tile; a larger message is dropped on the
   * way), or null when it fits.
   */
  static String frameProblem(NodeNetwork network, Deployment what, long maxFrameBytes) {
    var input = network.network().inputShape();
    int batch = what.settings().batchImages();
    // 8 bytes a value, plus a few bytes of framing per image row and per message.
    long bytes = (long) batch * (input.size() * 8L + 16) + 256;
    if (bytes <= maxFrameBytes) {
      return null;
    }
    long fits = Math.max(1, (maxFrameBytes - 256) / (input.size() * 8L + 16));
    return String.format(java.util.Locale.ROOT, "image batches of %d images of %s values make a %.1f MB start "
            + "message, more than Artery's maximum-frame-size (%.1f MB), so it would be dropped between nodes: "
            + "use --batch %d or less, or raise deepsnn.actors.cluster.pekko.remote.artery.advanced."
            + "maximum-frame-size", batch, input, bytes / 1e6, maxFrameBytes / 1e6, fits);
  }

  /** The startup states; it ends by becoming the clock. */
  private static final class Startup {
    private final ActorContext<ClockActor.Command> ctx;
    private final TimerScheduler<ClockActor.Command> timers;
    private final StashBuffer<ClockActor.Command> stash;
    private final NodeNetwork network;
    private final TopologyPlan plan;
    private final Deployment what;
    /** How many nodes it deploys on: at most the nodes asked for, at least the minimum. */
    private int nodes;
    private final int minimum;
    private final Placement placement;
    private final CompletableFuture<Ready> ready;
    private final Map<Integer, ActorRef<TileActor.Command>> tiles = new HashMap<>();
    private final List<String> layout = new ArrayList<>();
    /** Node address to the tiles it hosts, for the {@link NodeWatch}. */
    private final Map<String, String> hosted = new HashMap<>();
    private List<ActorRef<TileHost.Command>> hosts;
    private HostsListed listed;
    /** Nodes (addresses) whose host confirmed the network, was refused (with why), or was asked. */
    private final Set<String> confirmed = new HashSet<>();
    private final Map<String, String> refused = new LinkedHashMap<>();
    private final Set<String> probing = new HashSet<>();
    private int answered;
    private final Duration timeout;

    Startup(ActorContext<ClockActor.Command> ctx, TimerScheduler<ClockActor.Command> timers,
            StashBuffer<ClockActor.Command> stash, NodeNetwork network, Deployment what, int nodes,
            int minimum, Placement placement, Duration timeout, CompletableFuture<Ready> ready) {
      this.ctx = ctx;
      this.minimum = minimum;
      this.ready = ready;
      this.timers = timers;
      this.stash = stash;
      this.network = network;
      this.plan = network.plan(what.settings().tiling(), what.probeLayer());
      this.what = what;
      this.nodes = nodes;
      this.placement = placement;
      ActorRef<Receptionist.Listing> adapter = ctx.messageAdapter(Receptionist.Listing.class,
          l -> new HostsListed(new ArrayList<>(l.getServiceInstances(TileHost.KEY))));
      ctx.getSystem().receptionist().tell(Receptionist.subscribe(TileHost.KEY, adapter));
      timers.startSingleTimer(new StartupTimeout(), timeout);
      this.timeout = timeout;
    }

    Behavior<ClockActor.Command> discovering() {
      return Behaviors.receive(ClockActor.Command.class)
          .onMessage(HostsListed.class, this::onHostsListed)
          .onMessage(Recheck.class, m -> onHostsListed(listed))
          .onMessage(TilesSpawned.class, this::onProbed)
          .onMessage(ClockActor.Stop.class, m -> Behaviors.stopped())
          .onMessage(StartupTimeout.class, m -> failed("only " + (hosts == null ? 0 : hosts.size()) + " of " + minimum
              + " tile hosts registered with this network within " + timeout.toSeconds() + " s: start the other "
              + "nodes (bin/snn node) with this node as their seed and the same network"
              + (refused.isEmpty() ? "" : "; refused: " + String.join("; ", refused.values()))))
          .onAnyMessage(this::stashed)
          .build();
    }

    private Behavior<ClockActor.Command> onHostsListed(HostsListed m) {
      // Not on a node lost before (after a failover the registry may still list its host a while).
      listed = m;
      List<ActorRef<TileHost.Command>> up = m.hosts().stream().filter(this::usable).toList();
      for (ActorRef<TileHost.Command> h : up) {
        String node = nodeOf(h);
        if (!confirmed.contains(node) && !refused.containsKey(node) && probing.add(node)) {
          h.tell(new TileHost.SpawnTiles(network.fingerprint(), what, new int[0], ctx.getSelf(), ctx.getSelf()));
        }
      }
      hosts = up.stream().filter(h -> confirmed.contains(nodeOf(h))).toList();
      // Deploy on a stable set: once every host asked has answered.
      if (hosts.size() < minimum || !probing.isEmpty()) {
        if (up.size() < m.hosts().size()) {
          timers.startSingleTimer("recheck", new Recheck(), Duration.ofMillis(500));
        }
        return Behaviors.same();
      }
      nodes = Math.min(nodes, hosts.size());
      // This node's host first, then the others by address: every run places the same way.
      List<ActorRef<TileHost.Command>> sorted = new ArrayList<>(hosts);
      sorted.sort(Comparator.comparing((ActorRef<TileHost.Command> h) -> !h.path().address().hasLocalScope())
          .thenComparing(h -> h.path().toString()));
      hosts = sorted.subList(0, nodes);
      int[] nodeOf = placement.assign(plan, nodes);
      long fingerprint = network.fingerprint();
      for (int n = 0; n < nodes; n++) {
        int node = n;
        int[] share = plan.tiles().stream().mapToInt(TopologyPlan.Tile::id).filter(id -> nodeOf[id] == node)
            .toArray();
        hosts.get(n).tell(new TileHost.SpawnTiles(fingerprint, what, share, ctx.getSelf(), ctx.getSelf()));
      }
      return spawning();
    }

    /** A host's answer to the probe: it holds this network, or it is left out. */
    private Behavior<ClockActor.Command> onProbed(TilesSpawned m) {
      probing.remove(m.node());
      if (m.failure() == null) {
        confirmed.add(m.node());
      } else {
        refused.put(m.node(), m.failure());
        ctx.getLog().warn("left out: {}", m.failure());
      }
      return listed == null ? Behaviors.same() : onHostsListed(listed);
    }

    /** The address a host's answers name it by (its system's address, also for this node's own). */
    private String nodeOf(ActorRef<TileHost.Command> host) {
      Address a = host.path().address();
      return (a.hasLocalScope() ? ctx.getSystem().address() : a).toString();
    }

    Behavior<ClockActor.Command> spawning() {
      return Behaviors.receive(ClockActor.Command.class)
          .onMessage(TilesSpawned.class, this::onTilesSpawned)
          .onMessage(ClockActor.Stop.class, m -> Behaviors.stopped())
          .onMessage(HostsListed.class, m -> Behaviors.same())
          .onMessage(Recheck.class, m -> Behaviors.same())
          .onMessage(StartupTimeout.class, m -> failed("the tile hosts did not all answer within "
              + timeout.toSeconds() + " s (" + answered + " of " + nodes + " did)"))
          .onAnyMessage(this::stashed)
          .build();
    }

    private Behavior<ClockActor.Command> onTilesSpawned(TilesSpawned m) {
      if (m.failure() != null) {
        return failed(m.failure());
      }
      for (int i = 0; i < m.tiles().length; i++) {
        tiles.put(m.tiles()[i], m.refs().get(i));
      }
      layout.add(m.node() + ": " + m.tiles().length + " tiles");
      hosted.put(m.node(), describe(m.tiles()));
      if (++answered < nodes) {
        return Behaviors.same();
      }
      timers.cancelAll();
      List<ActorRef<TileActor.Command>> inOrder = new ArrayList<>();
      for (TopologyPlan.Tile t : plan.tiles()) {
        Map<Integer, ActorRef<TileActor.Command>> consumers = new HashMap<>();
        for (TopologyPlan.Edge e : plan.outbound(t.id())) {
          consumers.put(e.id(), tiles.get(e.to()));
        }
        tiles.get(t.id()).tell(new TileActor.Connect(consumers));
        inOrder.add(tiles.get(t.id()));
      }
      hosted.remove(ctx.getSystem().address().toString());
      ctx.spawn(NodeWatch.create(hosted, ctx.getSelf()), "node-watch");
      ready.complete(new Ready(List.copyOf(layout), List.copyOf(refused.values()), null));
      return stash.unstashAll(ClockActor.running(ctx, timers, plan, what.options(), what.on(network.settings()), inOrder));
    }

    /** Whether the host's node is a cluster member that is reachable and neither leaving nor down. */
    private boolean usable(ActorRef<TileHost.Command> host) {
      Address node = host.path().address();
      if (node.hasLocalScope()) {
        return true;
      }
      CurrentClusterState state = Cluster.get(ctx.getSystem()).state();
      for (Member member : state.getUnreachable()) {
        if (member.address().equals(node)) {
          return false;
        }
      }
      for (Member member : state.getMembers()) {
        if (member.address().equals(node)) {
          MemberStatus status = member.status();
          return status == MemberStatus.up() || status == MemberStatus.weaklyUp() || status == MemberStatus.joining();
        }
      }
      return false;
    }

    /** "its 3 tiles L1.t0, L2.t0, L3.t1", the names cut after {@link #NAMED_TILES}. */
    private String describe(int[] ids) {
      StringBuilder sb = new StringBuilder("its " + ids.length + (ids.length == 1 ? " tile " : " tiles "));
      for (int i = 0; i < Math.min(ids.length, NAMED_TILES); i++) {
        sb.append(i == 0 ? "" : ", ").append(plan.tiles().get(ids[i]).name());
      }
      return sb.append(ids.length > NAMED_TILES ? ", ..." : "").toString();
    }

    private Behavior<ClockActor.Command> stashed(ClockActor.Command m) {
      if (stash.isFull()) {
        ctx.getLog().warn("startup stash full; dropping {}", m.getClass().getSimpleName());
      } else {
        stash.stash(m);
      }
      return Behaviors.same();
    }

    /** Every request from now on is answered with the failure. */
    private Behavior<ClockActor.Command> failed(String reason) {
      timers.cancelAll();
      ready.complete(new Ready(List.of(), List.copyOf(refused.values()), reason));
      return stash.unstashAll(Behaviors.receive(ClockActor.Command.class)
          .onMessage(ClockActor.RunBatch.class, r -> {
            r.replyTo().tell(new ClockActor.BatchOutcome(r.batch(), null, Long.MIN_VALUE, reason, null));
            return Behaviors.same();
          })
          .onMessage(ClockActor.Stop.class, m -> Behaviors.stopped())
          .onAnyMessage(c -> Behaviors.same())
          .build());
    }
  }
}
