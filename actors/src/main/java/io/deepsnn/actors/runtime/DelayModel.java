package io.deepsnn.actors.runtime;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * An injected per-message delay for asynchronous timing experiments, imitating a network: none,
 * fixed, uniform on [0, 2·mean], or exponential with the given mean.
 *
 * @param kind the distribution
 * @param mean its mean
 * @param seed seed of the delays drawn
 */
public record DelayModel(Kind kind, Duration mean, long seed) {
  /** No delay. */
  public static final DelayModel NONE = new DelayModel(Kind.NONE, Duration.ZERO, 0);

  /** The distributions. */
  public enum Kind {
    /** No delay. */
    NONE,
    /** Always the mean. */
    FIXED,
    /** Uniform on [0, 2·mean]. */
    UNIFORM,
    /** Exponential with the mean. */
    EXPONENTIAL
  }

  /** Parses {@code none}, {@code fixed:2ms}, {@code uniform:2ms} or {@code exponential:2ms}. */
  public static DelayModel parse(String s, long seed) {
    if (s.equalsIgnoreCase("none")) {
      return NONE;
    }
    String[] parts = s.split(":", 2);
    if (parts.length != 2) {
      throw new IllegalArgumentException("delay must be none, fixed:MEAN, uniform:MEAN or exponential:MEAN (e.g. "
          + "uniform:2ms), got '" + s + "'");
    }
    Kind k = switch (parts[0].toLowerCase()) {
      case "fixed" -> Kind.FIXED;
      case "uniform" -> Kind.UNIFORM;
      case "exponential" -> Kind.EXPONENTIAL;
      default -> throw new IllegalArgumentException("unknown delay distribution '" + parts[0] + "'");
    };
    return new DelayModel(k, Durations.parse(parts[1]), seed);
  }

  /** A fresh delay sampler (one per sending actor). */
  public Sampler sampler(long salt) {
    return new Sampler(this, new SplittableRandom(seed ^ (salt * 0x9E3779B97F4A7C15L)));
  }

  /** Draws delays. */
  public static final class Sampler {
    private final DelayModel model;
    private final SplittableRandom rnd;

    Sampler(DelayModel model, SplittableRandom rnd) {
      this.model = model;
      this.rnd = rnd;
    }

    /** The next delay, or {@link Duration#ZERO}. */
    public Duration next() {
      long mean = model.mean.toNanos();
      return switch (model.kind) {
        case NONE -> Duration.ZERO;
        case FIXED -> model.mean;
        case UNIFORM -> Duration.ofNanos((long) (rnd.nextDouble() * 2 * mean));
        case EXPONENTIAL -> Duration.ofNanos((long) (-Math.log(1 - rnd.nextDouble()) * mean));
      };
    }
  }
}
