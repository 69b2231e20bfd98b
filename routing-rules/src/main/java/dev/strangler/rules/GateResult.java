package dev.strangler.rules;

import java.util.List;
import java.util.Objects;

/**
 * How one step of a rollout plan fared at one gate: the figure measured, its limit, and the
 * statistical test that decided, with its statistic, p-values and sample sizes.
 *
 * <p>Each gate tests two one-sided hypotheses at the plan's confidence (significance level {@code
 * alpha = 1 - confidence / 100}): that modern is worse than the limit allows ({@code pWorse}), and
 * that it is within it ({@code pWithin}). The verdict is {@link Verdict#FAILED failed} when the
 * first is significant ({@code pWorse < alpha}), {@link Verdict#PASSED passed} when the second is
 * ({@code pWithin < alpha}), and {@link Verdict#INCONCLUSIVE inconclusive} when neither is: the
 * step has not shown either yet. The gates:
 *
 * <ul>
 *   <li>{@value #ERROR_RATE}, against {@code max-error-rate} (a percent): fails when modern's error
 *       rate is above the limit and significantly above legacy's in the same step (a one-sided
 *       two-proportion z-test; at a step without legacy traffic, an exact binomial test against the
 *       limit); holds when modern's rate is significantly below the limit (exact binomial test) or
 *       significantly below legacy's (z-test), each at half the significance level (Bonferroni).
 *       Not applicable without modern requests.
 *   <li>{@value #LATENCY_RATIO}, against {@code max-latency-ratio}: a one-sided Mann-Whitney U test
 *       of modern's latency samples against legacy's multiplied by the ratio; fails when modern is
 *       significantly slower than that, holds when significantly faster. {@code actual} shows the
 *       p99 ratio of the samples for people; the test ranks every sample. Not applicable without
 *       legacy samples (a step at 100 %); inconclusive with fewer than {@value
 *       #MIN_LATENCY_SAMPLES} samples on a side.
 *   <li>{@value #DIFF_RATE}, against {@code max-diff-rate} (a percent): an exact binomial test of
 *       the breaking pairs among the compared ones against the limit, both ways. Not applicable
 *       without compared pairs (no shadow traffic).
 * </ul>
 *
 * @param gate {@value #ERROR_RATE}, {@value #LATENCY_RATIO} or {@value #DIFF_RATE}
 * @param verdict what the test decided
 * @param actual the figure measured, a finite number 0 or more: a percent, or the p99 ratio for the
 *     latency gate; 0 when not applicable
 * @param limit the limit of the rules file, a finite number 0 or more
 * @param test the test that decided: {@value #BINOMIAL}, {@value #TWO_PROPORTION}, {@value
 *     #MANN_WHITNEY} or {@value #NONE} when not applicable
 * @param statistic the test's statistic: z of the two-proportion test, U of modern's samples in the
 *     Mann-Whitney test, the count of failures or breaking pairs for the binomial test; 0 when not
 *     applicable
 * @param pWorse the p-value of "modern is worse than the limit allows", 0..1; 1 when not applicable
 * @param pWithin the p-value of "modern is within the limit", 0..1; 1 when not applicable
 * @param modernSamples modern calls (error rate), latency samples (latency) or compared pairs (diff
 *     rate) the test used, 0 or more
 * @param legacySamples legacy calls (error rate) or latency samples (latency) the test used, 0 or
 *     more; 0 for the diff rate
 */
public record GateResult(
    String gate,
    Verdict verdict,
    double actual,
    double limit,
    String test,
    double statistic,
    double pWorse,
    double pWithin,
    long modernSamples,
    long legacySamples) {

  /** The error-rate gate: percent of modern calls failing, against {@code max-error-rate}. */
  public static final String ERROR_RATE = "error-rate";

  /** The latency gate: modern's latencies against legacy's times {@code max-latency-ratio}. */
  public static final String LATENCY_RATIO = "latency-ratio";

  /**
   * The diff gate: percent of compared pairs with a breaking difference, against {@code
   * max-diff-rate}.
   */
  public static final String DIFF_RATE = "diff-rate";

  /** An exact binomial test against the limit. */
  public static final String BINOMIAL = "binomial";

  /**
   * A two-proportion z-test of modern against legacy, with an exact binomial test against the
   * limit.
   */
  public static final String TWO_PROPORTION = "two-proportion-z";

  /** A one-sided Mann-Whitney U test of modern against legacy times the ratio. */
  public static final String MANN_WHITNEY = "mann-whitney-u";

  /** No test: the gate had nothing to judge. */
  public static final String NONE = "none";

  /** The fewest latency samples on each side the latency gate judges. */
  public static final int MIN_LATENCY_SAMPLES = 10;

  private static final List<String> GATES = List.of(ERROR_RATE, LATENCY_RATIO, DIFF_RATE);

  private static final List<String> TESTS = List.of(BINOMIAL, TWO_PROPORTION, MANN_WHITNEY, NONE);

  /**
   * What a gate's test decided.
   *
   * <p>Wire form: {@code passed}, {@code failed}, {@code inconclusive}, {@code not-applicable}.
   */
  public enum Verdict {
    /** Modern is significantly within the limit. */
    PASSED,
    /** Modern is significantly worse than the limit allows. */
    FAILED,
    /** Neither is significant yet: the step needs more evidence. */
    INCONCLUSIVE,
    /** There was nothing to judge; the gate does not hold the step. */
    NOT_APPLICABLE;

    /**
     * Returns the wire form of this verdict.
     *
     * @return the lower-case name with dashes, e.g. {@code not-applicable}
     */
    public String wireName() {
      return WireNames.of(this);
    }
  }

  /**
   * Checks each value.
   *
   * @param gate {@value #ERROR_RATE}, {@value #LATENCY_RATIO} or {@value #DIFF_RATE}
   * @param verdict what the test decided
   * @param actual the figure measured, a finite number 0 or more
   * @param limit the limit, a finite number 0 or more
   * @param test {@value #BINOMIAL}, {@value #TWO_PROPORTION}, {@value #MANN_WHITNEY} or {@value
   *     #NONE}
   * @param statistic the test's statistic, a finite number
   * @param pWorse the p-value of "modern is worse than the limit allows", 0..1
   * @param pWithin the p-value of "modern is within the limit", 0..1
   * @param modernSamples the modern samples the test used, 0 or more
   * @param legacySamples the legacy samples the test used, 0 or more
   * @throws IllegalArgumentException if the gate or test is unknown, a number is out of its range,
   *     or a gate that is not applicable names a test
   * @throws NullPointerException if {@code gate}, {@code verdict} or {@code test} is null
   */
  public GateResult {
    Objects.requireNonNull(gate, "gate");
    if (!GATES.contains(gate)) {
      throw new IllegalArgumentException(
          "gate: " + gate + " (expected: one of " + String.join(", ", GATES) + ")");
    }
    Objects.requireNonNull(verdict, "verdict");
    Bounds.requireNonNegative(gate + ".actual", actual);
    Bounds.requireNonNegative(gate + ".limit", limit);
    Objects.requireNonNull(test, "test");
    if (!TESTS.contains(test)) {
      throw new IllegalArgumentException(
          gate + ".test: " + test + " (expected: one of " + String.join(", ", TESTS) + ")");
    }
    if (!Double.isFinite(statistic)) {
      throw new IllegalArgumentException(
          gate + ".statistic: " + statistic + " (expected: a finite number)");
    }
    Bounds.requireRange(gate + ".pWorse", pWorse, 0, 1);
    Bounds.requireRange(gate + ".pWithin", pWithin, 0, 1);
    Bounds.requireAtLeast(gate + ".modernSamples", modernSamples, 0);
    Bounds.requireAtLeast(gate + ".legacySamples", legacySamples, 0);
    if ((verdict == Verdict.NOT_APPLICABLE) != test.equals(NONE)) {
      throw new IllegalArgumentException(
          gate
              + ".test: "
              + test
              + " (expected: "
              + NONE
              + " exactly when the gate is not applicable)");
    }
  }

  /** The gate had nothing to judge: it does not hold the step, and says so. */
  static GateResult notApplicable(String gate, double limit) {
    return new GateResult(gate, Verdict.NOT_APPLICABLE, 0, limit, NONE, 0, 1, 1, 0, 0);
  }

  /**
   * Whether the gate lets the step advance: it passed, or had nothing to judge.
   *
   * @return {@code true} for {@link Verdict#PASSED} and {@link Verdict#NOT_APPLICABLE}
   */
  public boolean passed() {
    return verdict == Verdict.PASSED || verdict == Verdict.NOT_APPLICABLE;
  }

  /**
   * Whether the gate failed.
   *
   * @return {@code true} for {@link Verdict#FAILED}
   */
  public boolean failed() {
    return verdict == Verdict.FAILED;
  }

  /**
   * Whether there was anything to judge.
   *
   * @return {@code false} for {@link Verdict#NOT_APPLICABLE}
   */
  public boolean applicable() {
    return verdict != Verdict.NOT_APPLICABLE;
  }
}
