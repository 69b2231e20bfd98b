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
 * <p>Replicas: each publishes its last slots ({@link #recentSlots}); each adds the others' slots,
 * once each, to a second ring per route ({@link #addFromReplica}), and a point is the sum of both.
 * A replica sees the others' slots from when it started on.
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

  /** The other replicas' slots added up, per route. */
  private final Map<String, Ring> othersRings = new HashMap<>();

  /** The start of the time each slot of {@link #othersRings} holds, or {@link Long#MIN_VALUE}. */
  private final long[] othersSlotStarts;

  /** Per other replica, the start of the newest slot of it added. */
  private final Map<String, Long> addedUntil = new HashMap<>();

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
    this.othersSlotStarts = new long[slots];
    Arrays.fill(othersSlotStarts, Long.MIN_VALUE);
  }

  /** Returns the time one point covers. */
  public Duration resolution() {
    return Duration.ofMillis(resolutionMillis);
  }

  /** Returns the time the history covers. */
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
    othersRings.keySet().retainAll(keep);
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
    for (long start = sampledUntil - slots * resolutionMillis;
        start < sampledUntil;
        start += resolutionMillis) {
      Slot slot = slot(routeId, start);
      if (slot != null) {
        points.add(point(Instant.ofEpochMilli(start), slot));
      }
    }
    return points;
  }

  /** The figures of a route at a time, this replica's and the others', or null when none has. */
  private @Nullable Slot slot(String routeId, long start) {
    int index = slotOf(start);
    boolean local = slotStarts[index] == start;
    boolean others = othersSlotStarts[index] == start;
    if (!local && !others) {
      return null;
    }
    return new Slot(
        local ? rings.get(routeId) : null, others ? othersRings.get(routeId) : null, index);
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
    int sampled = 0;
    long requests = 0;
    long modern = 0;
    for (long start = sampledUntil - slots * resolutionMillis;
        start < sampledUntil;
        start += resolutionMillis) {
      Slot slot = slot(routeId, start);
      if (slot == null) {
        continue;
      }
      sampled++;
      long modernRequests = slot.read(HistoryFields.MODERN_REQUESTS);
      requests += slot.read(HistoryFields.LEGACY_REQUESTS) + modernRequests;
      modern += modernRequests - slot.read(HistoryFields.FALLBACKS);
    }
    return sampled == 0 ? Optional.empty() : Optional.of(new Served(requests, modern));
  }

  /**
   * This replica's newest slots, for the other replicas.
   *
   * @param count the most slots per route
   * @return per route with traffic, its slots as {@code [start, field 0, field 1, ...]}, oldest
   *     first
   */
  public synchronized Map<String, List<long[]>> recentSlots(int count) {
    Map<String, List<long[]>> published = new LinkedHashMap<>();
    if (sampledUntil == Long.MIN_VALUE) {
      return published;
    }
    int fieldCount = fields.count();
    for (Map.Entry<String, Ring> route : rings.entrySet()) {
      List<long[]> rows = new ArrayList<>();
      for (long start = sampledUntil - Math.min(count, slots) * resolutionMillis;
          start < sampledUntil;
          start += resolutionMillis) {
        int index = slotOf(start);
        if (slotStarts[index] != start) {
          continue;
        }
        long[] row = new long[fieldCount + 1];
        row[0] = start;
        boolean any = false;
        for (int field = 0; field < fieldCount; field++) {
          row[field + 1] = route.getValue().read(field, index);
          any |= row[field + 1] != 0;
        }
        if (any) {
          rows.add(row);
        }
      }
      if (!rows.isEmpty()) {
        published.put(route.getKey(), rows);
      }
    }
    return published;
  }

  /**
   * Adds another replica's slots, each once: slots not newer than the newest already added from
   * that replica are left out. Only the routes this replica samples are kept.
   *
   * @param replicaId the other replica
   * @param routes its slots, as {@link #recentSlots} makes them
   * @return false when their layout does not fit this replica's (other histogram buckets), and
   *     nothing was added
   */
  public synchronized boolean addFromReplica(String replicaId, Map<String, List<long[]>> routes) {
    for (List<long[]> rows : routes.values()) {
      for (long[] row : rows) {
        if (row.length != fields.count() + 1) {
          return false;
        }
      }
    }
    long after = addedUntil.getOrDefault(replicaId, Long.MIN_VALUE);
    long newest = after;
    long oldestKept =
        sampledUntil == Long.MIN_VALUE ? Long.MIN_VALUE : sampledUntil - slots * resolutionMillis;
    for (Map.Entry<String, List<long[]>> route : routes.entrySet()) {
      if (!previous.containsKey(route.getKey())) {
        continue;
      }
      for (long[] row : route.getValue()) {
        long start = row[0];
        if (start <= after || start < oldestKept || Math.floorMod(start, resolutionMillis) != 0) {
          continue;
        }
        int index = slotOf(start);
        if (othersSlotStarts[index] != start) {
          for (Ring ring : othersRings.values()) {
            ring.clear(index);
          }
          othersSlotStarts[index] = start;
        }
        Ring ring =
            othersRings.computeIfAbsent(route.getKey(), id -> new Ring(fields.count(), slots));
        for (int field = 0; field < fields.count(); field++) {
          ring.add(field, index, row[field + 1]);
        }
        newest = Math.max(newest, start);
      }
    }
    addedUntil.put(replicaId, newest);
    return true;
  }

  /**
   * Forgets what was added from replicas that are gone.
   *
   * @param live the other replicas alive now
   */
  public synchronized void keepReplicas(Set<String> live) {
    addedUntil.keySet().retainAll(live);
  }

  private HistoryPoint point(Instant at, Slot slot) {
    long legacyRequests = slot.read(HistoryFields.LEGACY_REQUESTS);
    long modernRequests = slot.read(HistoryFields.MODERN_REQUESTS);
    long fallbacks = slot.read(HistoryFields.FALLBACKS);
    long total = legacyRequests + modernRequests;
    Map<String, Long> byReason = new LinkedHashMap<>();
    for (int i = 0; i < HistoryFields.REASON_COUNT; i++) {
      byReason.put(FallbackMetrics.REASONS.get(i), slot.read(HistoryFields.FALLBACK_REASONS + i));
    }
    long compared = slot.read(HistoryFields.SHADOW_COMPARED);
    long differing = slot.read(HistoryFields.SHADOW_DIFFERING);
    return new HistoryPoint(
        at,
        new HistoryPoint.Side(
            legacyRequests, slot.read(HistoryFields.LEGACY_ERRORS), p99(slot, false)),
        new HistoryPoint.Side(
            modernRequests, slot.read(HistoryFields.MODERN_ERRORS), p99(slot, true)),
        total == 0 ? null : round(100.0 * (modernRequests - fallbacks) / total),
        fallbacks,
        byReason,
        new HistoryPoint.Shadow(
            compared, differing, compared == 0 ? null : round4((double) differing / compared)));
  }

  private @Nullable Double p99(Slot slot, boolean modern) {
    int at = fields.latency(modern);
    double[] bounds = fields.bucketBoundsNanos();
    CountAtBucket[] cumulative = new CountAtBucket[bounds.length];
    long count = 0;
    for (int i = 0; i < bounds.length; i++) {
      count += slot.read(at + i);
      cumulative[i] = new CountAtBucket(bounds[i], count);
    }
    count += slot.read(at + bounds.length);
    return LatencyPercentile.millis(count, cumulative, P99);
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

  /** One slot of a route: this replica's ring and the others', either absent. */
  private record Slot(@Nullable Ring local, @Nullable Ring others, int index) {

    long read(int field) {
      return (local == null ? 0 : local.read(field, index))
          + (others == null ? 0 : others.read(field, index));
    }
  }

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

    void add(int field, int slot, long value) {
      if (value != 0 || columns[field] != null) {
        write(field, slot, read(field, slot) + value);
      }
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
