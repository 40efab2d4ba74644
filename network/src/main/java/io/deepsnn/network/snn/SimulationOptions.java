package io.deepsnn.network.snn;

/**
 * How the spiking network is simulated (SEMANTICS §2–4).
 *
 * @param reset what a spike does to the membrane
 * @param input Poisson spikes (the paper) or a constant analog current into the first layer
 * @param readout output spike counts (the paper) or the output layer's accumulated input current
 * @param seed seed of the counter-based Poisson generator
 * @param inputScale λ_in: inputs are divided by it to become firing probabilities
 * @param kernel event-driven, dense, or chosen per projection and timestep by input density
 * @param denseAbove with {@link KernelMode#AUTO}, the source spike density above which the dense kernel is used
 * @param vInit α of the initial membrane potential v(−1) = α·θ of every IF neuron (SEMANTICS §7; 0 = the paper)
 * @param earlyExit when an image stops being simulated ({@link EarlyExit#OFF}: never, the paper)
 */
public record SimulationOptions(Reset reset, InputMode input, Readout readout, long seed, double inputScale,
                                KernelMode kernel, double denseAbove, double vInit, EarlyExit earlyExit) {

  /** Reset rule after a spike. */
  public enum Reset {
    /** v ← 0 (the paper). */
    ZERO,
    /** v ← v − θ. */
    SUBTRACT
  }

  /** How the image enters. */
  public enum InputMode {
    /** Rate-coded Poisson spikes with the sign of the input (the paper). */
    POISSON,
    /** The first layer receives the constant current W·(x/λ_in) every timestep. */
    ANALOG
  }

  /** How the class is read out. */
  public enum Readout {
    /** Argmax of output spike counts; ties to the larger membrane potential, then the lower index. */
    SPIKES,
    /** Argmax of the output layer's accumulated input current (it never fires). */
    CURRENT
  }

  /** Which kernels integrate spikes. */
  public enum KernelMode {
    /** Work per input spike (scatter). */
    EVENT,
    /** Work per synapse every timestep (gather): the cross-check and speed baseline. */
    DENSE,
    /** Event-driven, but dense for a projection whose source fires densely in that timestep. */
    AUTO
  }

  /** Validates the scale and α. */
  public SimulationOptions {
    if (!(inputScale > 0) || !Double.isFinite(inputScale)) {
      throw new IllegalArgumentException("the input scale must be positive and finite, got " + inputScale);
    }
    if (!(vInit >= 0 && vInit < 1)) {
      throw new IllegalArgumentException("the initial potential --v-init must be in [0, 1) (a fraction of θ), got "
          + vInit);
    }
    if (earlyExit == null) {
      throw new IllegalArgumentException("earlyExit must be given (EarlyExit.OFF for none)");
    }
    if (earlyExit.enabled() && readout == Readout.CURRENT) {
      throw new IllegalArgumentException("--early-exit counts output spikes; the current readout fires none");
    }
  }

  /** Options without early exit. */
  public SimulationOptions(Reset reset, InputMode input, Readout readout, long seed, double inputScale,
                           KernelMode kernel, double denseAbove, double vInit) {
    this(reset, input, readout, seed, inputScale, kernel, denseAbove, vInit, EarlyExit.OFF);
  }

  /** Options with the paper's initial potential, 0. */
  public SimulationOptions(Reset reset, InputMode input, Readout readout, long seed, double inputScale,
                           KernelMode kernel, double denseAbove) {
    this(reset, input, readout, seed, inputScale, kernel, denseAbove, 0);
  }

  /**
   * The paper's defaults: reset to zero, Poisson input, spike-count readout, event-driven kernels,
   * membranes starting at 0.
   */
  public static SimulationOptions defaults(double inputScale) {
    return new SimulationOptions(Reset.ZERO, InputMode.POISSON, Readout.SPIKES, 0, inputScale, KernelMode.EVENT, 0.5, 0);
  }

  /** A copy with another reset rule. */
  public SimulationOptions withReset(Reset r) {
    return new SimulationOptions(r, input, readout, seed, inputScale, kernel, denseAbove, vInit, earlyExit);
  }

  /** A copy with another input mode. */
  public SimulationOptions withInput(InputMode i) {
    return new SimulationOptions(reset, i, readout, seed, inputScale, kernel, denseAbove, vInit, earlyExit);
  }

  /** A copy with another readout. */
  public SimulationOptions withReadout(Readout r) {
    return new SimulationOptions(reset, input, r, seed, inputScale, kernel, denseAbove, vInit, earlyExit);
  }

  /** A copy with another seed. */
  public SimulationOptions withSeed(long s) {
    return new SimulationOptions(reset, input, readout, s, inputScale, kernel, denseAbove, vInit, earlyExit);
  }

  /** A copy with another input scale. */
  public SimulationOptions withInputScale(double scale) {
    return new SimulationOptions(reset, input, readout, seed, scale, kernel, denseAbove, vInit, earlyExit);
  }

  /** A copy with another initial potential α (v(−1) = α·θ). */
  public SimulationOptions withVInit(double alpha) {
    return new SimulationOptions(reset, input, readout, seed, inputScale, kernel, denseAbove, alpha, earlyExit);
  }

  /** A copy with another kernel mode. */
  public SimulationOptions withKernel(KernelMode k) {
    return new SimulationOptions(reset, input, readout, seed, inputScale, k, denseAbove, vInit, earlyExit);
  }

  /** A copy with another early-exit rule. */
  public SimulationOptions withEarlyExit(EarlyExit e) {
    return new SimulationOptions(reset, input, readout, seed, inputScale, kernel, denseAbove, vInit, e);
  }
}
