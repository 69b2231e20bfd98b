package dev.strangler.rules;

/**
 * What the gateway measured on a route since its current plan step started ({@link
 * PlanState#stepStartedAt()}): the figures a step is judged by.
 *
 * <p>A p99 of 0 means "not measured" (no call on that side yet); the latency gate is then not
 * applicable. After a restart the gateway may start counting afresh: a step then needs {@code
 * min-requests} modern calls again, which only delays it.
 *
 * @param modernRequests modern calls completed, 0 or more
 * @param modernFailures modern calls that failed (a status in {@code fallback.statuses}, a timeout,
 *     a connect error), 0..{@code modernRequests}
 * @param modernP99Millis modern's 99th percentile response time in milliseconds, 0 or more; 0 when
 *     not measured
 * @param legacyP99Millis legacy's 99th percentile response time in milliseconds over the same
 *     period, 0 or more; 0 when not measured
 * @param comparedPairs shadow pairs compared, 0 or more, noise left out
 * @param breakingPairs compared pairs with at least one breaking difference, 0..{@code
 *     comparedPairs}
 */
public record StepFigures(
    long modernRequests,
    long modernFailures,
    double modernP99Millis,
    double legacyP99Millis,
    long comparedPairs,
    long breakingPairs) {

  /** Nothing measured yet: every count and latency 0. */
  public static final StepFigures NONE = new StepFigures(0, 0, 0, 0, 0, 0);

  /**
   * Checks each value, and that the failures and breaking pairs do not outnumber what they are a
   * part of.
   *
   * @param modernRequests modern calls completed, 0 or more
   * @param modernFailures modern calls that failed, 0..{@code modernRequests}
   * @param modernP99Millis modern's p99 in milliseconds, a finite number 0 or more; 0 when not
   *     measured
   * @param legacyP99Millis legacy's p99 in milliseconds, a finite number 0 or more; 0 when not
   *     measured
   * @param comparedPairs shadow pairs compared, 0 or more
   * @param breakingPairs compared pairs with a breaking difference, 0..{@code comparedPairs}
   * @throws IllegalArgumentException if a count is negative, a latency is negative or not finite,
   *     there are more failures than requests, or more breaking pairs than compared pairs
   */
  public StepFigures {
    Bounds.requireAtLeast("modernRequests", modernRequests, 0);
    Bounds.requireAtLeast("modernFailures", modernFailures, 0);
    Bounds.requireNonNegative("modernP99Millis", modernP99Millis);
    Bounds.requireNonNegative("legacyP99Millis", legacyP99Millis);
    Bounds.requireAtLeast("comparedPairs", comparedPairs, 0);
    Bounds.requireAtLeast("breakingPairs", breakingPairs, 0);
    if (modernFailures > modernRequests) {
      throw new IllegalArgumentException(
          "modernFailures: "
              + modernFailures
              + " (expected: at most modernRequests, "
              + modernRequests
              + ")");
    }
    if (breakingPairs > comparedPairs) {
      throw new IllegalArgumentException(
          "breakingPairs: "
              + breakingPairs
              + " (expected: at most comparedPairs, "
              + comparedPairs
              + ")");
    }
  }
}
