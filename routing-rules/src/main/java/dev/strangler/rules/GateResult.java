package dev.strangler.rules;

import java.util.List;
import java.util.Objects;

/**
 * How one step of a rollout plan fared at one gate: the figure measured against its limit.
 *
 * <p>The gates, each passed when {@code actual <= limit}:
 *
 * <ul>
 *   <li>{@value #ERROR_RATE}: {@code modernFailures / modernRequests × 100} against {@code
 *       max-error-rate}; not applicable without modern requests.
 *   <li>{@value #LATENCY_RATIO}: {@code modernP99 / legacyP99} against {@code max-latency-ratio};
 *       not applicable while legacy's p99 is not measured (0), for example when the step sends
 *       every request to modern.
 *   <li>{@value #DIFF_RATE}: {@code breakingPairs / comparedPairs × 100} against {@code
 *       max-diff-rate}; not applicable without compared pairs (no shadow traffic).
 * </ul>
 *
 * <p>A gate that is not applicable passes, with {@code applicable} false and {@code actual} 0, so
 * the audit log says that it was not judged rather than that it held.
 *
 * @param gate {@value #ERROR_RATE}, {@value #LATENCY_RATIO} or {@value #DIFF_RATE}
 * @param actual the figure measured, a finite number 0 or more (a percent or a ratio, as the gate
 *     is); 0 when not applicable
 * @param limit the largest figure the gate lets through, a finite number 0 or more
 * @param passed whether the gate holds: {@code actual <= limit}, or not applicable
 * @param applicable whether there was anything to judge
 */
public record GateResult(
    String gate, double actual, double limit, boolean passed, boolean applicable) {

  /** The error-rate gate: percent of modern calls failing, against {@code max-error-rate}. */
  public static final String ERROR_RATE = "error-rate";

  /** The latency gate: modern p99 / legacy p99, against {@code max-latency-ratio}. */
  public static final String LATENCY_RATIO = "latency-ratio";

  /**
   * The diff gate: percent of compared pairs with a breaking difference, against {@code
   * max-diff-rate}.
   */
  public static final String DIFF_RATE = "diff-rate";

  private static final List<String> GATES = List.of(ERROR_RATE, LATENCY_RATIO, DIFF_RATE);

  /**
   * Checks each value, and that {@code passed} agrees with the figures.
   *
   * @param gate {@value #ERROR_RATE}, {@value #LATENCY_RATIO} or {@value #DIFF_RATE}
   * @param actual the figure measured, a finite number 0 or more; 0 when not applicable
   * @param limit the largest figure the gate lets through, a finite number 0 or more
   * @param passed {@code actual <= limit}, or true when not applicable
   * @param applicable whether there was anything to judge
   * @throws IllegalArgumentException if the gate is unknown, a number is negative or not finite,
   *     {@code passed} contradicts {@code actual <= limit}, or a gate that is not applicable has an
   *     actual figure or did not pass
   * @throws NullPointerException if {@code gate} is null
   */
  public GateResult {
    Objects.requireNonNull(gate, "gate");
    if (!GATES.contains(gate)) {
      throw new IllegalArgumentException(
          "gate: " + gate + " (expected: one of " + String.join(", ", GATES) + ")");
    }
    Bounds.requireNonNegative(gate + ".actual", actual);
    Bounds.requireNonNegative(gate + ".limit", limit);
    if (applicable && passed != (actual <= limit)) {
      throw new IllegalArgumentException(
          gate + ".passed: " + passed + " (expected: " + (actual <= limit) + ", actual <= limit)");
    }
    if (!applicable && !(passed && actual == 0)) {
      throw new IllegalArgumentException(
          gate
              + ": actual "
              + actual
              + ", passed "
              + passed
              + " (expected: actual 0 and passed, as the gate is not applicable)");
    }
  }

  /** The gate judged: passed when {@code actual <= limit}. */
  static GateResult judged(String gate, double actual, double limit) {
    return new GateResult(gate, actual, limit, actual <= limit, true);
  }

  /** The gate had nothing to judge: it passes, and says so. */
  static GateResult notApplicable(String gate, double limit) {
    return new GateResult(gate, 0, limit, true, false);
  }
}
