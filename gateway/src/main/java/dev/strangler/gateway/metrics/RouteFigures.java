package dev.strangler.gateway.metrics;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The request figures of one route, on one replica or added up over several: per side, the requests
 * by outcome and the latency histogram. Replicas publish them to each other as JSON ({@link
 * SharedRequestFigures}).
 *
 * @param legacy the figures of requests legacy answered
 * @param modern the figures of requests modern answered
 */
public record RouteFigures(Side legacy, Side modern) {

  /** Nothing counted. */
  public static final RouteFigures NONE = new RouteFigures(Side.NONE, Side.NONE);

  /**
   * The figures of one side.
   *
   * @param outcomes requests by outcome tag ({@code success}, {@code client_error}...)
   * @param count requests timed
   * @param boundsNanos upper bounds of the histogram's buckets, in nanoseconds
   * @param cumulative requests at or below each bound
   */
  @SuppressWarnings("ArrayRecordComponent") // a value read and sent as JSON; never compared
  public record Side(
      Map<String, Long> outcomes, long count, double[] boundsNanos, double[] cumulative) {

    /** Nothing counted. */
    public static final Side NONE = new Side(Map.of(), 0, new double[0], new double[0]);

    /** Copies the outcomes. */
    public Side {
      outcomes = outcomes == null ? Map.of() : Map.copyOf(outcomes);
      boundsNanos = boundsNanos == null ? new double[0] : boundsNanos;
      cumulative = cumulative == null ? new double[0] : cumulative;
    }

    static Side of(RequestMetrics metrics, String routeId, dev.strangler.rules.Target target) {
      Map<String, Long> outcomes = new LinkedHashMap<>();
      for (Outcome outcome : Outcome.values()) {
        outcomes.put(outcome.tag(), metrics.count(routeId, target, outcome));
      }
      Timer timer = metrics.durations(routeId, target);
      HistogramSnapshot snapshot = timer.takeSnapshot();
      CountAtBucket[] buckets = snapshot.histogramCounts();
      double[] bounds = new double[buckets.length];
      double[] counts = new double[buckets.length];
      for (int i = 0; i < buckets.length; i++) {
        bounds[i] = buckets[i].bucket(TimeUnit.NANOSECONDS);
        counts[i] = buckets[i].count();
      }
      return new Side(outcomes, snapshot.count(), bounds, counts);
    }

    /**
     * Returns the requests that ended so.
     *
     * @param outcome an outcome
     * @return the requests that ended so
     */
    public long requests(Outcome outcome) {
      return outcomes.getOrDefault(outcome.tag(), 0L);
    }

    /**
     * Returns both added up.
     *
     * @param other the figures of the same side elsewhere
     * @return both added up
     */
    public Side plus(Side other) {
      Map<String, Long> sum = new LinkedHashMap<>(outcomes);
      other.outcomes.forEach((tag, count) -> sum.merge(tag, count, Long::sum));
      if (other.boundsNanos.length == 0 || boundsNanos.length != other.boundsNanos.length) {
        return new Side(
            sum,
            count + other.count,
            boundsNanos.length == 0 ? other.boundsNanos : boundsNanos,
            boundsNanos.length == 0 ? other.cumulative : cumulative);
      }
      double[] counts = new double[cumulative.length];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = cumulative[i] + other.cumulative[i];
      }
      return new Side(sum, count + other.count, boundsNanos, counts);
    }

    /**
     * Returns the 99th percentile in milliseconds, estimated from the histogram, or null when
     * nothing was timed.
     */
    public @Nullable Double p99Millis() {
      CountAtBucket[] buckets = new CountAtBucket[boundsNanos.length];
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new CountAtBucket(boundsNanos[i], cumulative[i]);
      }
      return LatencyPercentile.millis(count, buckets, 0.99);
    }
  }

  /**
   * Returns both added up.
   *
   * @param other the figures of the same route elsewhere
   * @return both added up
   */
  public RouteFigures plus(RouteFigures other) {
    return new RouteFigures(legacy.plus(other.legacy), modern.plus(other.modern));
  }
}
