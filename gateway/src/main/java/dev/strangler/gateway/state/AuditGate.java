package dev.strangler.gateway.state;

import java.util.Objects;

/**
 * How one gate of a plan step was judged, as the audit log keeps it: the test that decided, its
 * statistic, p-values and sample sizes, the figure measured and its limit.
 *
 * @param gate {@code error-rate}, {@code latency-ratio} or {@code diff-rate}
 * @param verdict {@code passed}, {@code failed}, {@code inconclusive} or {@code not-applicable}
 * @param test {@code two-proportion-z}, {@code binomial}, {@code mann-whitney-u} or {@code none}
 * @param statistic the test's statistic: z, U, or the count of failures or breaking pairs
 * @param pWorse the p-value of "modern is worse than the limit allows"
 * @param pWithin the p-value of "modern is within the limit"
 * @param modernSamples the modern calls, latency samples or compared pairs the test used
 * @param legacySamples the legacy calls or latency samples the test used
 * @param actual the figure measured: a percent, or the p99 ratio of the latency samples
 * @param limit the limit of the rules file
 */
public record AuditGate(
    String gate,
    String verdict,
    String test,
    double statistic,
    double pWorse,
    double pWithin,
    long modernSamples,
    long legacySamples,
    double actual,
    double limit) {

  /** Checks for nulls. */
  public AuditGate {
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(test, "test");
  }
}
