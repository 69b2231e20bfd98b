package dev.strangler.rules;

import java.util.Objects;

/**
 * What the gateway measured on a route in its current plan step: the evidence a step is judged by.
 *
 * <p>The request counts cover the requests the step's percent decided (the canary traffic): forced
 * requests and requests sent by the route's {@code targets} are left out, so that hand-picked users
 * do not sway the gates. Latencies are samples of the requests each side answered after the step's
 * warm-up; a modern call that fell back to legacy counts as a modern failure, not as a latency of
 * either side. Diff counts cover the shadow pairs compared in the step.
 *
 * @param modernRequests modern calls in the step, 0 or more
 * @param modernFailures modern calls that failed (a status in {@code fallback.statuses} or 5xx, a
 *     timeout, a connect error), 0..{@code modernRequests}
 * @param legacyRequests legacy calls in the step, 0 or more
 * @param legacyFailures legacy calls answered with a 5xx status or not at all, 0..{@code
 *     legacyRequests}
 * @param modernLatency latency samples of modern's answers after the warm-up
 * @param legacyLatency latency samples of legacy's answers after the warm-up
 * @param comparedPairs shadow pairs compared, 0 or more, noise left out
 * @param breakingPairs compared pairs with at least one breaking difference, 0..{@code
 *     comparedPairs}
 */
public record StepFigures(
    long modernRequests,
    long modernFailures,
    long legacyRequests,
    long legacyFailures,
    LatencySamples modernLatency,
    LatencySamples legacyLatency,
    long comparedPairs,
    long breakingPairs) {

  /** Nothing measured yet. */
  public static final StepFigures NONE =
      new StepFigures(0, 0, 0, 0, LatencySamples.NONE, LatencySamples.NONE, 0, 0);

  /**
   * Checks each value, and that failures and breaking pairs do not outnumber what they are a part
   * of.
   *
   * @param modernRequests modern calls in the step, 0 or more
   * @param modernFailures modern calls that failed, 0..{@code modernRequests}
   * @param legacyRequests legacy calls in the step, 0 or more
   * @param legacyFailures legacy calls that failed, 0..{@code legacyRequests}
   * @param modernLatency latency samples of modern's answers after the warm-up
   * @param legacyLatency latency samples of legacy's answers after the warm-up
   * @param comparedPairs shadow pairs compared, 0 or more
   * @param breakingPairs compared pairs with a breaking difference, 0..{@code comparedPairs}
   * @throws IllegalArgumentException if a count is negative, or there are more failures than
   *     requests or more breaking pairs than compared pairs
   * @throws NullPointerException if a sample set is null
   */
  public StepFigures {
    Bounds.requireAtLeast("modernRequests", modernRequests, 0);
    Bounds.requireAtLeast("modernFailures", modernFailures, 0);
    Bounds.requireAtLeast("legacyRequests", legacyRequests, 0);
    Bounds.requireAtLeast("legacyFailures", legacyFailures, 0);
    Objects.requireNonNull(modernLatency, "modernLatency");
    Objects.requireNonNull(legacyLatency, "legacyLatency");
    Bounds.requireAtLeast("comparedPairs", comparedPairs, 0);
    Bounds.requireAtLeast("breakingPairs", breakingPairs, 0);
    requireAtMost("modernFailures", modernFailures, "modernRequests", modernRequests);
    requireAtMost("legacyFailures", legacyFailures, "legacyRequests", legacyRequests);
    requireAtMost("breakingPairs", breakingPairs, "comparedPairs", comparedPairs);
  }

  private static void requireAtMost(String name, long value, String boundName, long bound) {
    if (value > bound) {
      throw new IllegalArgumentException(
          name + ": " + value + " (expected: at most " + boundName + ", " + bound + ")");
    }
  }

  /**
   * Returns modern's 99th percentile latency in the samples.
   *
   * @return milliseconds; 0 without samples
   */
  public double modernP99Millis() {
    return modernLatency.percentile(0.99);
  }

  /**
   * Returns legacy's 99th percentile latency in the samples.
   *
   * @return milliseconds; 0 without samples
   */
  public double legacyP99Millis() {
    return legacyLatency.percentile(0.99);
  }
}
