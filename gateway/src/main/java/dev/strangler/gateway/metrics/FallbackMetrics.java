package dev.strangler.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records {@code strangler_fallbacks_total{route,reason}}. The counters of a route that can fall
 * back are registered before its first fallback ({@link #register}), so that an alert on {@code
 * increase()} or {@code rate()} sees the first ones.
 */
public final class FallbackMetrics {

  /** The values of the {@code reason} tag, as the SPEC lists them. */
  public static final List<String> REASONS =
      List.of("status", "timeout", "connect", "circuit_open");

  private final MeterRegistry registry;

  private final Map<String, Map<String, Counter>> counters = new ConcurrentHashMap<>();

  public FallbackMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Counts one request of modern answered by legacy.
   *
   * @param routeId the route
   * @param reason the reason tag: {@code status}, {@code timeout}, {@code connect} or {@code
   *     circuit_open}
   */
  public void record(String routeId, String reason) {
    counter(routeId, reason).increment();
  }

  /**
   * Registers the counters of every reason of a route, at zero.
   *
   * @param routeId the route
   */
  public void register(String routeId) {
    for (String reason : REASONS) {
      counter(routeId, reason);
    }
  }

  private Counter counter(String routeId, String reason) {
    return counters
        .computeIfAbsent(routeId, id -> new ConcurrentHashMap<>())
        .computeIfAbsent(
            reason,
            key ->
                Counter.builder(StranglerMetricNames.FALLBACKS)
                    .description("Requests meant for modern that legacy answered")
                    .tag(TagNames.ROUTE, routeId)
                    .tag(TagNames.REASON, reason)
                    .register(registry));
  }

  /**
   * Requests of a route that fell back for a reason so far, read without registering a meter.
   *
   * @param routeId the route
   * @param reason the reason tag
   * @return the count, 0 when none was counted
   */
  public long count(String routeId, String reason) {
    Map<String, Counter> byReason = counters.get(routeId);
    Counter counter = byReason == null ? null : byReason.get(reason);
    return counter == null ? 0 : (long) counter.count();
  }
}
