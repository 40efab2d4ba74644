package io.deepsnn.network.snn;

/**
 * Per-image early exit (beyond the paper; cf. the confidence-based dynamic timesteps of Li et al.
 * 2023, and docs/SEMANTICS.md §7): an image stops being simulated once the predicted class (the
 * output rule of SEMANTICS §4) has not changed for {@code window} timesteps and its spike count
 * leads the runner-up's by at least {@code margin} spikes. From then on no layer steps it: its
 * prediction and counters stay what they were at that timestep. The decision depends only on the
 * image's own output counts, so it is deterministic and the same in every execution.
 *
 * @param window W, timesteps without a change of the prediction (at least 1), or 0 when off
 * @param margin K, the lead in output spikes over the runner-up (at least 1), or 0 when off
 */
public record EarlyExit(int window, long margin) {
  /** No early exit: every image runs every timestep (the paper). */
  public static final EarlyExit OFF = new EarlyExit(0, 0);

  /** Validates W and K: both at least 1, or both 0 (off). */
  public EarlyExit {
    boolean off = window == 0 && margin == 0;
    if (!off && (window < 1 || margin < 1)) {
      throw new IllegalArgumentException("early exit W:K needs W ≥ 1 timesteps and K ≥ 1 spikes, got "
          + window + ":" + margin);
    }
  }

  /**
   * Parses {@code W:K} (e.g. {@code 20:3}) or {@code off}.
   *
   * @throws IllegalArgumentException naming what is wrong with {@code text}
   */
  public static EarlyExit parse(String text) {
    String s = text.trim();
    if (s.equalsIgnoreCase("off")) {
      return OFF;
    }
    int colon = s.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("'" + text + "' is not W:K (e.g. 20:3: stop an image once its prediction "
          + "has held for 20 timesteps and leads by 3 spikes) or off");
    }
    try {
      return new EarlyExit(Integer.parseInt(s.substring(0, colon).trim()), Long.parseLong(s.substring(colon + 1).trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not W:K with two whole numbers (e.g. 20:3)");
    }
  }

  /** Whether images may exit early. */
  public boolean enabled() {
    return window > 0;
  }

  @Override
  public String toString() {
    return enabled() ? window + ":" + margin : "off";
  }

  /** A fresh tracker for one image. */
  public Tracker tracker() {
    return new Tracker(this);
  }

  /** The state of the rule for one image: the prediction, since when it has held, and whether it exited. */
  public static final class Tracker {
    private final EarlyExit rule;
    private int prediction = -1;
    private int held;

    private Tracker(EarlyExit rule) {
      this.rule = rule;
    }

    /**
     * Observes the image after a timestep.
     *
     * @param counts output spike counts per class so far
     * @param predicted the class the output rule predicts now (its count is the largest)
     * @return whether the image exits now: the prediction has held for W timesteps (it was the
     *     same after each of the last W + 1 timesteps) and leads the runner-up by K spikes
     */
    public boolean observe(long[] counts, int predicted) {
      if (predicted == prediction) {
        held++;
      } else {
        prediction = predicted;
        held = 0;
      }
      return rule.enabled() && held >= rule.window && lead(counts, predicted) >= rule.margin;
    }

    /** The predicted class's count minus the largest other count (0 in a tie). */
    static long lead(long[] counts, int predicted) {
      long other = Long.MIN_VALUE;
      for (int c = 0; c < counts.length; c++) {
        if (c != predicted) {
          other = Math.max(other, counts[c]);
        }
      }
      return other == Long.MIN_VALUE ? counts[predicted] : counts[predicted] - other;
    }
  }
}
