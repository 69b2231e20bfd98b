package dev.strangler.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Records {@code strangler_backend_retries_total{route,target,reason}}. */
public final class BackendRetryMetrics {

  private final MeterRegistry registry;

  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public BackendRetryMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Counts one backend call sent a second time on a new connection.
   *
   * @param routeId the route
   * @param target the side called: {@code legacy} or {@code modern}
   * @param reason {@code not_sent} or {@code closed_before_response}
   */
  public void record(String routeId, String target, String reason) {
    String key = routeId + '\n' + target + '\n' + reason;
    Counter counter = counters.get(key);
    if (counter == null) {
      counter =
          counters.computeIfAbsent(
              key,
              ignored ->
                  Counter.builder(StranglerMetricNames.BACKEND_RETRIES)
                      .description(
                          "Backend calls sent again on a new connection after the first never"
                              + " reached the backend")
                      .tag(TagNames.ROUTE, routeId)
                      .tag(TagNames.TARGET, target)
                      .tag(TagNames.REASON, reason)
                      .register(registry));
    }
    counter.increment();
  }
}
