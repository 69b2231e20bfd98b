package dev.strangler.gateway.progress;

import dev.strangler.gateway.metrics.FallbackMetrics;
import dev.strangler.gateway.metrics.Outcome;
import dev.strangler.gateway.metrics.RequestMetrics;
import dev.strangler.rules.RoutingDecision;
import dev.strangler.rules.Target;
import dev.strangler.shadow.DiffReport;
import dev.strangler.shadow.DiffReports;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.concurrent.TimeUnit;

/**
 * The figures of a route as the gateway's meters hold them: request counters and latency
 * histograms, fallback counters, and this replica's diff report. Reading them is all the history
 * costs; the request path records nothing for it.
 */
final class MeterTotals implements RouteTotalsSource {

  private final RequestMetrics requests;

  private final FallbackMetrics fallbacks;

  private final DiffReports reports;

  private final HistoryFields fields;

  MeterTotals(RequestMetrics requests, FallbackMetrics fallbacks, DiffReports reports) {
    this.requests = requests;
    this.fallbacks = fallbacks;
    this.reports = reports;
    CountAtBucket[] buckets =
        requests
            .durations(RoutingDecision.CATCH_ALL_ROUTE_ID, Target.LEGACY)
            .takeSnapshot()
            .histogramCounts();
    double[] bounds = new double[buckets.length];
    for (int i = 0; i < buckets.length; i++) {
      bounds[i] = buckets[i].bucket(TimeUnit.NANOSECONDS);
    }
    this.fields = new HistoryFields(bounds);
  }

  @Override
  public HistoryFields fields() {
    return fields;
  }

  @Override
  public long[] totals(String routeId) {
    long[] totals = new long[fields.count()];
    long fallbackCount =
        count(routeId, Target.LEGACY, Outcome.FALLBACK)
            + count(routeId, Target.MODERN, Outcome.FALLBACK);
    totals[HistoryFields.LEGACY_REQUESTS] =
        count(routeId, Target.LEGACY, Outcome.SUCCESS)
            + count(routeId, Target.LEGACY, Outcome.CLIENT_ERROR)
            + count(routeId, Target.LEGACY, Outcome.SERVER_ERROR);
    totals[HistoryFields.LEGACY_ERRORS] = count(routeId, Target.LEGACY, Outcome.SERVER_ERROR);
    totals[HistoryFields.MODERN_REQUESTS] =
        count(routeId, Target.MODERN, Outcome.SUCCESS)
            + count(routeId, Target.MODERN, Outcome.CLIENT_ERROR)
            + count(routeId, Target.MODERN, Outcome.SERVER_ERROR)
            + fallbackCount;
    totals[HistoryFields.MODERN_ERRORS] =
        count(routeId, Target.MODERN, Outcome.SERVER_ERROR) + fallbackCount;
    totals[HistoryFields.FALLBACKS] = fallbackCount;
    for (int i = 0; i < HistoryFields.REASON_COUNT; i++) {
      totals[HistoryFields.FALLBACK_REASONS + i] =
          fallbacks.count(routeId, FallbackMetrics.REASONS.get(i));
    }
    DiffReport report = reports.find(routeId).orElse(null);
    if (report != null) {
      totals[HistoryFields.SHADOW_COMPARED] = report.compared();
      totals[HistoryFields.SHADOW_DIFFERING] = report.differing();
    }
    latency(
        totals, fields.latency(false), requests.durations(routeId, Target.LEGACY).takeSnapshot());
    latency(
        totals, fields.latency(true), requests.durations(routeId, Target.MODERN).takeSnapshot());
    return totals;
  }

  private long count(String routeId, Target target, Outcome outcome) {
    return requests.count(routeId, target, outcome);
  }

  /** Writes the histogram as counts per bucket (not cumulative), the overflow bucket last. */
  private void latency(long[] totals, int at, HistogramSnapshot snapshot) {
    CountAtBucket[] cumulative = snapshot.histogramCounts();
    int buckets = Math.min(cumulative.length, fields.buckets() - 1);
    long below = 0;
    for (int i = 0; i < buckets; i++) {
      long upTo = (long) cumulative[i].count();
      totals[at + i] = Math.max(0, upTo - below);
      below = Math.max(below, upTo);
    }
    totals[at + fields.buckets() - 1] = Math.max(0, snapshot.count() - below);
  }
}
