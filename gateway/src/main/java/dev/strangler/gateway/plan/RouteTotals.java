package dev.strangler.gateway.plan;

import dev.strangler.gateway.metrics.LatencyPercentile;
import dev.strangler.gateway.metrics.Outcome;
import dev.strangler.gateway.metrics.RequestMetrics;
import dev.strangler.rules.StepFigures;
import dev.strangler.rules.Target;
import dev.strangler.shadow.DiffReport;
import dev.strangler.shadow.DiffReports;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.concurrent.TimeUnit;

/**
 * The cumulative figures of one route at one moment. A plan step is judged on the difference
 * between the totals now and the totals when the step started, so the gateway keeps no extra
 * per-request state for plans: the meters it already has are the source.
 *
 * <p>A modern call counts as failed when modern answered with a 5xx status or legacy answered in
 * its place (a fallback for a failing status, a timeout, a connection error or an open circuit).
 */
record RouteTotals(
    long modernRequests,
    long modernFailures,
    Histogram modern,
    Histogram legacy,
    long comparedPairs,
    long breakingPairs) {

  /** The counts of a duration histogram: bucket upper bounds in nanoseconds, cumulative counts. */
  record Histogram(long count, double[] boundsNanos, double[] cumulative) {

    static Histogram of(HistogramSnapshot snapshot) {
      CountAtBucket[] buckets = snapshot.histogramCounts();
      double[] bounds = new double[buckets.length];
      double[] counts = new double[buckets.length];
      for (int i = 0; i < buckets.length; i++) {
        bounds[i] = buckets[i].bucket(TimeUnit.NANOSECONDS);
        counts[i] = buckets[i].count();
      }
      return new Histogram(snapshot.count(), bounds, counts);
    }

    /** The p99 of what was recorded since {@code base}, in milliseconds; 0 when nothing was. */
    double p99MillisSince(Histogram base) {
      long total = count - base.count;
      if (total <= 0 || boundsNanos.length != base.boundsNanos.length) {
        return 0;
      }
      CountAtBucket[] delta = new CountAtBucket[boundsNanos.length];
      for (int i = 0; i < delta.length; i++) {
        delta[i] =
            new CountAtBucket(boundsNanos[i], Math.max(0, cumulative[i] - base.cumulative[i]));
      }
      Double millis = LatencyPercentile.millis(total, delta, 0.99);
      return millis == null ? 0 : millis;
    }
  }

  static RouteTotals of(String routeId, RequestMetrics metrics, DiffReports reports) {
    long modernServed = 0;
    for (Outcome outcome : Outcome.values()) {
      modernServed += metrics.count(routeId, Target.MODERN, outcome);
    }
    long fallbacks = metrics.count(routeId, Target.LEGACY, Outcome.FALLBACK);
    long modernErrors = metrics.count(routeId, Target.MODERN, Outcome.SERVER_ERROR);
    DiffReport report = reports.find(routeId).orElse(null);
    return new RouteTotals(
        modernServed + fallbacks,
        modernErrors + fallbacks,
        Histogram.of(metrics.durations(routeId, Target.MODERN).takeSnapshot()),
        Histogram.of(metrics.durations(routeId, Target.LEGACY).takeSnapshot()),
        report == null ? 0 : report.compared(),
        report == null ? 0 : report.breaking());
  }

  /**
   * The figures of a step: what happened between {@code base} and these totals. A counter that went
   * down (a diff report was reset) counts from zero.
   */
  StepFigures since(RouteTotals base) {
    long requests = Math.max(0, modernRequests - base.modernRequests);
    long failures = Math.min(requests, Math.max(0, modernFailures - base.modernFailures));
    long compared =
        comparedPairs >= base.comparedPairs ? comparedPairs - base.comparedPairs : comparedPairs;
    long breaking =
        breakingPairs >= base.breakingPairs ? breakingPairs - base.breakingPairs : breakingPairs;
    return new StepFigures(
        requests,
        failures,
        modern.p99MillisSince(base.modern),
        legacy.p99MillisSince(base.legacy),
        compared,
        Math.min(compared, breaking));
  }
}
