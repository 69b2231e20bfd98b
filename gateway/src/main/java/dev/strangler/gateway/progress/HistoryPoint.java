package dev.strangler.gateway.progress;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A route's figures over one slot of its history.
 *
 * @param at the start of the slot; it covers one resolution from there
 * @param legacy requests legacy answered itself (fallbacks left out), its 5xx and p99
 * @param modern requests meant for modern (fallbacks included), its 5xx plus the fallbacks, and p99
 *     (fallbacks timed for modern)
 * @param modernShare percent of the slot's requests that modern answered, or null without requests
 * @param fallbacks requests meant for modern that legacy answered
 * @param fallbacksByReason those by reason: {@code status}, {@code timeout}, {@code connect},
 *     {@code circuit_open}
 * @param shadow the shadow pairs compared in the slot
 */
public record HistoryPoint(
    Instant at,
    Side legacy,
    Side modern,
    @Nullable Double modernShare,
    long fallbacks,
    Map<String, Long> fallbacksByReason,
    Shadow shadow) {

  /** Copies the map. */
  public HistoryPoint {
    fallbacksByReason = Collections.unmodifiableMap(new LinkedHashMap<>(fallbacksByReason));
  }

  /**
   * The figures of one side.
   *
   * @param requests requests
   * @param errors of those, failures
   * @param p99Ms 99th percentile latency in milliseconds, or null without requests
   */
  public record Side(long requests, long errors, @Nullable Double p99Ms) {}

  /**
   * The shadow comparisons.
   *
   * @param compared pairs compared
   * @param differing of those, pairs that differed (noise left out)
   * @param diffRate {@code differing / compared}, or null when none was compared
   */
  public record Shadow(long compared, long differing, @Nullable Double diffRate) {}
}
