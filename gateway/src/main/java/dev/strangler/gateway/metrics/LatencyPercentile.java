package dev.strangler.gateway.metrics;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A percentile of a timer's histogram, estimated the way Prometheus' {@code histogram_quantile}
 * does: linear interpolation inside the bucket that holds the rank; beyond the last bucket, that
 * bucket's upper bound. So the admin API and a Grafana panel over {@code
 * strangler_request_duration_seconds_bucket} agree. The figures cover the gateway's lifetime (the
 * histogram is cumulative).
 */
public final class LatencyPercentile {

  private LatencyPercentile() {}

  /**
   * A percentile of a timer, in milliseconds.
   *
   * @param timer a timer with histogram buckets (service level objectives)
   * @param quantile e.g. 0.99
   * @return the estimate in milliseconds, rounded to 0.01, or null when nothing was timed
   */
  public static @Nullable Double millis(Timer timer, double quantile) {
    HistogramSnapshot snapshot = timer.takeSnapshot();
    return millis(snapshot.count(), snapshot.histogramCounts(), quantile);
  }

  public static @Nullable Double millis(long total, CountAtBucket[] cumulative, double quantile) {
    if (total <= 0 || cumulative.length == 0) {
      return null;
    }
    double rank = quantile * total;
    double lowerBound = 0;
    double countBelow = 0;
    for (CountAtBucket bucket : cumulative) {
      double upperBound = bucket.bucket(TimeUnit.MILLISECONDS);
      double count = bucket.count();
      if (count >= rank) {
        double inBucket = count - countBelow;
        double estimate =
            inBucket <= 0
                ? upperBound
                : lowerBound + (upperBound - lowerBound) * (rank - countBelow) / inBucket;
        return round(estimate);
      }
      lowerBound = upperBound;
      countBelow = count;
    }
    return round(lowerBound);
  }

  private static double round(double millis) {
    return Math.round(millis * 100) / 100.0;
  }
}
