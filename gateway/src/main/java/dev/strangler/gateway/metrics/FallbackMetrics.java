package dev.strangler.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Records {@code strangler_fallbacks_total{route,reason}}. */
public final class FallbackMetrics {

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
    counters
        .computeIfAbsent(routeId, id -> new ConcurrentHashMap<>())
        .computeIfAbsent(
            reason,
            key ->
                Counter.builder(StranglerMetricNames.FALLBACKS)
                    .description("Requests meant for modern that legacy answered")
                    .tag(TagNames.ROUTE, routeId)
                    .tag(TagNames.REASON, reason)
                    .register(registry))
        .increment();
  }
}
