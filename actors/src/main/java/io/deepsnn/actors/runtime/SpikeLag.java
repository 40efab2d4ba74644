package io.deepsnn.actors.runtime;

import java.util.List;

/**
 * How late the spikes of a run arrived, from the runtime's edge counters: the mean over all
 * integrated spikes of (timestep integrated into − timestep fired), 0 under pseudo-simultaneous
 * propagation; and the fraction of the spikes sent that were never integrated (they arrived after
 * their image batch had ended, in async timing).
 *
 * @param meanLag mean lag in timesteps (0 when no spike was integrated)
 * @param droppedFraction spikes sent but not integrated, over spikes sent (0 when none was sent)
 */
public record SpikeLag(double meanLag, double droppedFraction) {
  /** No lag, nothing dropped: what the sequential simulator does by construction. */
  public static final SpikeLag NONE = new SpikeLag(0, 0);

  /** The lag over every edge of {@code counters}. */
  public static SpikeLag of(List<EdgeCounters.EdgeCount> counters) {
    long lag = 0;
    long integrated = 0;
    long sent = 0;
    for (EdgeCounters.EdgeCount e : counters) {
      lag += e.lagSum();
      integrated += e.integrated();
      sent += e.sent();
    }
    return new SpikeLag(integrated == 0 ? 0 : (double) lag / integrated,
        sent == 0 ? 0 : (double) (sent - integrated) / sent);
  }

  /** E.g. "spikes were integrated 2.96 timesteps after they were fired, on average; 0.12 % came too late". */
  public String describe() {
    return String.format(java.util.Locale.ROOT, "spikes were integrated %.2f timesteps after they were fired, on "
        + "average; %.2f %% arrived after their image batch had ended", meanLag, 100 * droppedFraction);
  }
}
