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
 * The cumulative figures of one route at one moment, on one replica. A plan step is judged on the
 * difference between the totals now and the totals when the step started, added up over the
 * replicas, so the gateway keeps no extra per-request state for plans: the meters it already has
 * are the source. Replicas publish their totals to each other as JSON ({@link PlanFigures}).
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

  /** Nothing counted. */
  static final RouteTotals ZERO = new RouteTotals(0, 0, Histogram.EMPTY, Histogram.EMPTY, 0, 0);

  /**
   * The counts of a duration histogram: bucket upper bounds in nanoseconds, cumulative counts.
   * Every replica has the same bounds (they are constants of the gateway), so histograms add up
   * bucket by bucket.
   */
  @SuppressWarnings("ArrayRecordComponent") // a value read and sent as JSON; never compared
  record Histogram(long count, double[] boundsNanos, double[] cumulative) {

    static final Histogram EMPTY = new Histogram(0, new double[0], new double[0]);

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

    /**
     * What was recorded since {@code base}; a histogram that went down (a restart) counts whole.
     */
    Histogram minus(Histogram base) {
      if (base.boundsNanos.length != boundsNanos.length || base.count > count) {
        return this;
      }
      double[] counts = new double[cumulative.length];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = Math.max(0, cumulative[i] - base.cumulative[i]);
      }
      return new Histogram(count - base.count, boundsNanos, counts);
    }

    /** Both added up; a histogram without buckets adds nothing. */
    Histogram plus(Histogram other) {
      if (other.boundsNanos.length == 0) {
        return this;
      }
      if (boundsNanos.length == 0) {
        return other;
      }
      if (other.boundsNanos.length != boundsNanos.length) {
        throw new IllegalArgumentException(
            "histogram buckets: "
                + other.boundsNanos.length
                + " (expected: "
                + boundsNanos.length
                + ", the same bounds on every replica)");
      }
      double[] counts = new double[cumulative.length];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = cumulative[i] + other.cumulative[i];
      }
      return new Histogram(count + other.count, boundsNanos, counts);
    }

    /** The p99 in milliseconds; 0 when nothing was recorded. */
    double p99Millis() {
      if (count <= 0) {
        return 0;
      }
      CountAtBucket[] buckets = new CountAtBucket[boundsNanos.length];
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new CountAtBucket(boundsNanos[i], cumulative[i]);
      }
      Double millis = LatencyPercentile.millis(count, buckets, 0.99);
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
   * What happened between {@code base} and these totals. A counter that went down (a diff report
   * was reset) counts from zero.
   */
  RouteTotals minus(RouteTotals base) {
    long requests = Math.max(0, modernRequests - base.modernRequests);
    long failures = Math.min(requests, Math.max(0, modernFailures - base.modernFailures));
    long compared =
        comparedPairs >= base.comparedPairs ? comparedPairs - base.comparedPairs : comparedPairs;
    long breaking =
        breakingPairs >= base.breakingPairs ? breakingPairs - base.breakingPairs : breakingPairs;
    return new RouteTotals(
        requests,
        failures,
        modern.minus(base.modern),
        legacy.minus(base.legacy),
        compared,
        Math.min(compared, breaking));
  }

  /** Both added up, e.g. the figures of two replicas. */
  RouteTotals plus(RouteTotals other) {
    return new RouteTotals(
        modernRequests + other.modernRequests,
        modernFailures + other.modernFailures,
        modern.plus(other.modern),
        legacy.plus(other.legacy),
        comparedPairs + other.comparedPairs,
        breakingPairs + other.breakingPairs);
  }

  /** These totals as the figures of a step. */
  StepFigures figures() {
    return new StepFigures(
        modernRequests,
        Math.min(modernRequests, modernFailures),
        modern.p99Millis(),
        legacy.p99Millis(),
        comparedPairs,
        Math.min(comparedPairs, breakingPairs));
  }

  /** The figures of a step: what happened between {@code base} and these totals. */
  StepFigures since(RouteTotals base) {
    return minus(base).figures();
  }
}
