package dev.strangler.gateway.progress;

import dev.strangler.gateway.metrics.FallbackMetrics;
import dev.strangler.gateway.metrics.LatencyPercentile;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Per route, a ring of its figures at a fixed resolution: requests, errors and latency per side,
 * fallbacks by reason, shadow pairs compared and differing.
 *
 * <p>Design: nothing is added to the request path. A timer calls {@link #sampleIfDue} about once a
 * second; once a slot's end has passed, it reads each route's cumulative figures from the meters
 * that exist ({@link RouteTotalsSource}) and keeps the difference from the previous sample in the
 * slot. Slots are aligned on multiples of the resolution since the epoch, so the slots of two
 * replicas cover the same time and add up. A slot holds only counts (latency as histogram bucket
 * counts), so it adds up too; p99 is estimated from the buckets when read.
 *
 * <p>Memory: {@code window / resolution} slots (360 at the default 10 s for 1 h); per route at most
 * {@link HistoryFields#count()} columns of one {@code int} per slot (41 × 360 × 4 bytes, 59 KB), a
 * column allocated only once its field was not zero (a route without traffic holds none; one with
 * traffic typically a third). Routes that leave the rules leave the history at the next sample.
 */
public final class RouteHistories {

  private static final double P99 = 0.99;

  private final RouteTotalsSource source;

  private final HistoryFields fields;

  private final long resolutionMillis;

  private final int slots;

  /** The start of the time each slot holds, or {@link Long#MIN_VALUE}; guarded by {@code this}. */
  private final long[] slotStarts;

  private final Map<String, Ring> rings = new HashMap<>();

  private final Map<String, long[]> previous = new HashMap<>();

  /** The end of the last slot sampled, {@link Long#MIN_VALUE} before the first sample. */
  private long sampledUntil = Long.MIN_VALUE;

  /**
   * @param source the figures of the routes
   * @param resolution the time one slot covers, a whole number of seconds
   * @param window the time the history covers, a whole number of resolutions
   */
  RouteHistories(RouteTotalsSource source, Duration resolution, Duration window) {
    this.source = source;
    this.fields = source.fields();
    this.resolutionMillis = resolution.toMillis();
    this.slots = (int) (window.toMillis() / resolutionMillis);
    this.slotStarts = new long[slots];
    Arrays.fill(slotStarts, Long.MIN_VALUE);
  }

  /**
   * @return the time one point covers
   */
  public Duration resolution() {
    return Duration.ofMillis(resolutionMillis);
  }

  /**
   * @return the time the history covers
   */
  public Duration window() {
    return Duration.ofMillis(resolutionMillis * slots);
  }

  /**
   * Takes a sample when a slot has ended since the last one. The first call takes the baseline
   * only. When more than one slot has ended (the timer was held up), what happened since the last
   * sample goes to the slot that ended last, and the slots in between stay empty.
   *
   * @param nowMillis the time now
   * @param routeIds the routes to keep, {@code catch-all} included; others are forgotten
   * @return whether a slot was written
   */
  synchronized boolean sampleIfDue(long nowMillis, Collection<String> routeIds) {
    long boundary = Math.floorDiv(nowMillis, resolutionMillis) * resolutionMillis;
    if (sampledUntil == Long.MIN_VALUE) {
      for (String routeId : routeIds) {
        previous.put(routeId, source.totals(routeId));
      }
      sampledUntil = boundary;
      return false;
    }
    if (boundary <= sampledUntil) {
      return false;
    }
    long slotStart = boundary - resolutionMillis;
    int slot = slotOf(slotStart);
    slotStarts[slot] = slotStart;
    Set<String> keep = new HashSet<>(routeIds);
    rings.keySet().retainAll(keep);
    previous.keySet().retainAll(keep);
    for (String routeId : routeIds) {
      long[] now = source.totals(routeId);
      long[] before = previous.put(routeId, now);
      Ring ring = rings.get(routeId);
      if (before == null) {
        if (ring != null) {
          ring.clear(slot);
        }
        continue;
      }
      if (ring == null) {
        ring = new Ring(fields.count(), slots);
        rings.put(routeId, ring);
      }
      for (int field = 0; field < now.length; field++) {
        long delta = now[field] - before[field];
        if (delta < 0) {
          // a diff report was reset: what it counted since is all there is
          delta = now[field];
        }
        ring.write(field, slot, delta);
      }
    }
    sampledUntil = boundary;
    return true;
  }

  private int slotOf(long slotStart) {
    return (int) Math.floorMod(Math.floorDiv(slotStart, resolutionMillis), (long) slots);
  }

  /**
   * A route's points over the window, oldest first: one per slot sampled, none for a slot the timer
   * missed.
   *
   * @param routeId a route id or {@code catch-all}
   * @return its points; none before the first sample
   */
  public synchronized List<HistoryPoint> points(String routeId) {
    List<HistoryPoint> points = new ArrayList<>();
    if (sampledUntil == Long.MIN_VALUE) {
      return points;
    }
    Ring ring = rings.get(routeId);
    for (long start = sampledUntil - slots * resolutionMillis;
        start < sampledUntil;
        start += resolutionMillis) {
      int slot = slotOf(start);
      if (slotStarts[slot] != start) {
        continue;
      }
      points.add(point(Instant.ofEpochMilli(start), ring, slot));
    }
    return points;
  }

  /**
   * What a route served over the window.
   *
   * @param routeId a route id or {@code catch-all}
   * @return its requests and those modern answered, empty before the first slot
   */
  public synchronized Optional<Served> servedInWindow(String routeId) {
    if (sampledUntil == Long.MIN_VALUE) {
      return Optional.empty();
    }
    Ring ring = rings.get(routeId);
    int sampled = 0;
    long requests = 0;
    long modern = 0;
    for (long start = sampledUntil - slots * resolutionMillis;
        start < sampledUntil;
        start += resolutionMillis) {
      int slot = slotOf(start);
      if (slotStarts[slot] != start) {
        continue;
      }
      sampled++;
      long legacyRequests = read(ring, HistoryFields.LEGACY_REQUESTS, slot);
      long modernRequests = read(ring, HistoryFields.MODERN_REQUESTS, slot);
      requests += legacyRequests + modernRequests;
      modern += modernRequests - read(ring, HistoryFields.FALLBACKS, slot);
    }
    return sampled == 0 ? Optional.empty() : Optional.of(new Served(requests, modern));
  }

  /**
   * What a route served since the gateway started, read from the meters now.
   *
   * @param routeId a route id or {@code catch-all}
   * @return its requests and those modern answered
   */
  public Served sinceStart(String routeId) {
    long[] totals = source.totals(routeId);
    return new Served(
        totals[HistoryFields.LEGACY_REQUESTS] + totals[HistoryFields.MODERN_REQUESTS],
        totals[HistoryFields.MODERN_REQUESTS] - totals[HistoryFields.FALLBACKS]);
  }

  private HistoryPoint point(Instant at, @Nullable Ring ring, int slot) {
    long legacyRequests = read(ring, HistoryFields.LEGACY_REQUESTS, slot);
    long modernRequests = read(ring, HistoryFields.MODERN_REQUESTS, slot);
    long fallbacks = read(ring, HistoryFields.FALLBACKS, slot);
    long total = legacyRequests + modernRequests;
    Map<String, Long> byReason = new LinkedHashMap<>();
    for (int i = 0; i < HistoryFields.REASON_COUNT; i++) {
      byReason.put(
          FallbackMetrics.REASONS.get(i), read(ring, HistoryFields.FALLBACK_REASONS + i, slot));
    }
    long compared = read(ring, HistoryFields.SHADOW_COMPARED, slot);
    long differing = read(ring, HistoryFields.SHADOW_DIFFERING, slot);
    return new HistoryPoint(
        at,
        new HistoryPoint.Side(
            legacyRequests, read(ring, HistoryFields.LEGACY_ERRORS, slot), p99(ring, false, slot)),
        new HistoryPoint.Side(
            modernRequests, read(ring, HistoryFields.MODERN_ERRORS, slot), p99(ring, true, slot)),
        total == 0 ? null : round(100.0 * (modernRequests - fallbacks) / total),
        fallbacks,
        byReason,
        new HistoryPoint.Shadow(
            compared, differing, compared == 0 ? null : round4((double) differing / compared)));
  }

  private @Nullable Double p99(@Nullable Ring ring, boolean modern, int slot) {
    if (ring == null) {
      return null;
    }
    int at = fields.latency(modern);
    double[] bounds = fields.bucketBoundsNanos();
    CountAtBucket[] cumulative = new CountAtBucket[bounds.length];
    long count = 0;
    for (int i = 0; i < bounds.length; i++) {
      count += ring.read(at + i, slot);
      cumulative[i] = new CountAtBucket(bounds[i], count);
    }
    count += ring.read(at + bounds.length, slot);
    return LatencyPercentile.millis(count, cumulative, P99);
  }

  private static long read(@Nullable Ring ring, int field, int slot) {
    return ring == null ? 0 : ring.read(field, slot);
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  private static double round4(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }

  /**
   * What a route served over a time.
   *
   * @param requests requests answered
   * @param modern of those, answered by modern (fallbacks left out)
   */
  public record Served(long requests, long modern) {}

  /** One route's columns, each allocated once a value in it was not zero. */
  private static final class Ring {

    private final int[][] columns;

    private final int slots;

    Ring(int fields, int slots) {
      this.columns = new int[fields][];
      this.slots = slots;
    }

    void write(int field, int slot, long value) {
      int[] column = columns[field];
      if (column == null) {
        if (value == 0) {
          return;
        }
        column = new int[slots];
        columns[field] = column;
      }
      column[slot] = (int) Math.min(Integer.MAX_VALUE, value);
    }

    void clear(int slot) {
      for (int[] column : columns) {
        if (column != null) {
          column[slot] = 0;
        }
      }
    }

    long read(int field, int slot) {
      int[] column = columns[field];
      return column == null ? 0 : column[slot];
    }
  }
}
