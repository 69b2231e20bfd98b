package dev.strangler.gateway.metrics;

import dev.strangler.shadow.Severity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records {@code strangler_shadow_requests_total{route,result}} and {@code
 * strangler_shadow_differences_total{route,severity}}. The counters of a route that mirrors are
 * registered before its first copy ({@link #register}), so that an alert on {@code increase()} or
 * {@code rate()} sees the first breaking difference or dropped copy.
 */
public final class ShadowMetrics {

  /** What became of a request chosen for mirroring. */
  public enum Result {
    /** Both answers arrived and were compared. */
    COMPARED,
    /** Not mirrored: {@code strangler.shadow.max-concurrent} calls were already in flight. */
    DROPPED,
    /** The shadow call failed or timed out. */
    FAILED,
    /** Not compared: the client's answer did not complete, or the request body was too large. */
    SKIPPED;

    final String tag = name().toLowerCase(Locale.ROOT);
  }

  private final MeterRegistry registry;

  private final Map<String, Map<String, Counter>> requests = new ConcurrentHashMap<>();

  private final Map<String, Map<String, Counter>> differences = new ConcurrentHashMap<>();

  public ShadowMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Counts a mirrored request.
   *
   * @param routeId the route
   * @param result what became of it
   */
  public void request(String routeId, Result result) {
    counter(requests, StranglerMetricNames.SHADOW_REQUESTS, TagNames.RESULT, routeId, result.tag)
        .increment();
  }

  /**
   * Counts differences found in one comparison (those of fields judged real, not noise).
   *
   * @param routeId the route
   * @param severity {@code breaking}, {@code changed} or {@code additive}
   * @param count how many
   */
  public void differences(String routeId, String severity, long count) {
    counter(
            differences,
            StranglerMetricNames.SHADOW_DIFFERENCES,
            TagNames.SEVERITY,
            routeId,
            severity)
        .increment((double) count);
  }

  /**
   * Registers the counters of every result and severity of a route, at zero.
   *
   * @param routeId the route
   */
  public void register(String routeId) {
    for (Result result : Result.values()) {
      counter(requests, StranglerMetricNames.SHADOW_REQUESTS, TagNames.RESULT, routeId, result.tag);
    }
    for (Severity severity : Severity.values()) {
      counter(
          differences,
          StranglerMetricNames.SHADOW_DIFFERENCES,
          TagNames.SEVERITY,
          routeId,
          severity.wireName());
    }
  }

  /**
   * The count of one result so far.
   *
   * @param routeId the route
   * @param result the result
   * @return the count
   */
  public long count(String routeId, Result result) {
    return (long)
        counter(
                requests,
                StranglerMetricNames.SHADOW_REQUESTS,
                TagNames.RESULT,
                routeId,
                result.tag)
            .count();
  }

  private Counter counter(
      Map<String, Map<String, Counter>> table,
      String name,
      String tag,
      String routeId,
      String value) {
    return table
        .computeIfAbsent(routeId, key -> new ConcurrentHashMap<>())
        .computeIfAbsent(
            value,
            key ->
                Counter.builder(name)
                    .tag(TagNames.ROUTE, routeId)
                    .tag(tag, value)
                    .register(registry));
  }
}
