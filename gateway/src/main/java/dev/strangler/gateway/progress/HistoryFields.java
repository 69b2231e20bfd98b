package dev.strangler.gateway.progress;

/**
 * The layout of one sample of a route's figures: a {@code long[]} of cumulative counts, the same
 * layout for the deltas kept in the history ring. Every field adds up, so that two replicas' slots
 * of the same time add up to the slot of both, latency included (a histogram's bucket counts add
 * up; its percentiles would not).
 */
final class HistoryFields {

  /** Requests legacy answered itself (fallbacks left out). */
  static final int LEGACY_REQUESTS = 0;

  /** Of those, 5xx answers. */
  static final int LEGACY_ERRORS = 1;

  /** Requests meant for modern, fallbacks included. */
  static final int MODERN_REQUESTS = 2;

  /** Of those, modern's 5xx answers and the fallbacks. */
  static final int MODERN_ERRORS = 3;

  /** Requests meant for modern that legacy answered. */
  static final int FALLBACKS = 4;

  /** First of the fallbacks by reason, in the order of {@code FallbackMetrics.REASONS}. */
  static final int FALLBACK_REASONS = 5;

  /** Fallback reasons. */
  static final int REASON_COUNT = 4;

  /** Shadow pairs compared. */
  static final int SHADOW_COMPARED = FALLBACK_REASONS + REASON_COUNT;

  /** Of those, pairs that differed (noise left out). */
  static final int SHADOW_DIFFERING = SHADOW_COMPARED + 1;

  private static final int LEGACY_LATENCY = SHADOW_DIFFERING + 1;

  private final double[] bucketBoundsNanos;

  /**
   * Lays out the samples for a latency histogram.
   *
   * @param bucketBoundsNanos upper bounds of the histogram's buckets, in nanoseconds; a request
   *     slower than the last bound is counted in the overflow bucket after it
   */
  HistoryFields(double[] bucketBoundsNanos) {
    this.bucketBoundsNanos = bucketBoundsNanos.clone();
  }

  /** Returns a copy of the upper bounds of the histogram's buckets, in nanoseconds. */
  double[] bucketBoundsNanos() {
    return bucketBoundsNanos.clone();
  }

  /** Returns the number of buckets of one side's histogram, the overflow bucket included. */
  int buckets() {
    return bucketBoundsNanos.length + 1;
  }

  /**
   * Returns the index of a side's first latency bucket.
   *
   * @param modern whether modern's, else legacy's
   * @return the index
   */
  int latency(boolean modern) {
    return LEGACY_LATENCY + (modern ? buckets() : 0);
  }

  /** Returns the length of a sample. */
  int count() {
    return LEGACY_LATENCY + 2 * buckets();
  }
}
