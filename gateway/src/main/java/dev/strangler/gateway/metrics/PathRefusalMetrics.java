package dev.strangler.gateway.metrics;

import dev.strangler.rules.PathRefusal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Records {@code strangler_requests_refused_total{reason}}: requests refused before routing because
 * of their path. Every reason is registered at start-up, so that an alert sees a zero before the
 * first refusal, and counting allocates nothing.
 */
@SuppressWarnings("EnumOrdinal") // one counter per reason, in an array indexed by its ordinal
public final class PathRefusalMetrics {

  private final Counter[] byReason;

  public PathRefusalMetrics(MeterRegistry registry) {
    PathRefusal[] reasons = PathRefusal.values();
    byReason = new Counter[reasons.length];
    for (PathRefusal reason : reasons) {
      byReason[reason.ordinal()] =
          Counter.builder(StranglerMetricNames.REQUESTS_REFUSED)
              .description("Requests refused before routing because of their path")
              .tag(TagNames.REASON, reason.tag())
              .register(registry);
    }
  }

  /**
   * Counts one refused request.
   *
   * @param reason why its path was refused
   */
  public void record(PathRefusal reason) {
    byReason[reason.ordinal()].increment();
  }

  /**
   * Requests refused so far for a reason.
   *
   * @param reason the reason
   * @return the count
   */
  public long count(PathRefusal reason) {
    return (long) byReason[reason.ordinal()].count();
  }
}
