package io.deepsnn.actors.runtime;

/** How timesteps are coordinated across actors. */
public enum Timing {
  /** Every actor finishes timestep t before any input emits t+1; identical to the sequential simulator. */
  LOCKSTEP,
  /**
   * Inputs may run up to {@code pipeline-depth} timesteps ahead; every actor still integrates
   * each timestep whole and in order, so results stay identical.
   */
  PIPELINED,
  /**
   * No barrier: each actor fires on the clock's ticks with whatever has arrived, and spikes may be
   * delayed; results differ from the sequential simulator by design.
   */
  ASYNC;

  /** Parses {@code lockstep}, {@code pipelined} or {@code async}. */
  public static Timing parse(String s) {
    for (Timing t : values()) {
      if (t.name().equalsIgnoreCase(s)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown timing '" + s + "' (lockstep, pipelined or async)");
  }
}
