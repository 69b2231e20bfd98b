package dev.strangler.gateway.filter;

import dev.strangler.rules.CircuitBreakerSettings;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.RulesFile;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One Resilience4j circuit breaker per route with fallback, named after the route and configured
 * from its {@code fallback.circuit-breaker} settings. The routing filter calls modern through it;
 * the admin API shows its state.
 *
 * <p>The table is rebuilt when new rules come into force; a breaker is replaced only when its
 * route's settings changed, so a reload that does not touch them keeps its state and figures.
 */
public final class RouteCircuitBreakers {

  private final CircuitBreakerRegistry registry;

  private final Clock clock;

  private final Map<String, CircuitBreakerSettings> settingsByRoute = new HashMap<>();

  private volatile Map<String, CircuitBreaker> byRoute = Map.of();

  RouteCircuitBreakers(CircuitBreakerRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /**
   * The breaker of a route.
   *
   * @param routeId the route
   * @return its breaker, or null when the route has no fallback
   */
  public @Nullable CircuitBreaker of(String routeId) {
    return byRoute.get(routeId);
  }

  /**
   * Brings the table in line with the rules.
   *
   * @param rules the rules now in force
   */
  synchronized void update(RulesFile rules) {
    Map<String, CircuitBreaker> next = new HashMap<>();
    for (RouteRule route : rules.routes()) {
      if (!route.fallback().enabled()) {
        continue;
      }
      CircuitBreakerSettings settings = route.fallback().circuitBreaker();
      CircuitBreaker current = byRoute.get(route.id());
      if (current == null || !settings.equals(settingsByRoute.get(route.id()))) {
        registry.remove(route.id());
        current = registry.circuitBreaker(route.id(), config(settings));
        settingsByRoute.put(route.id(), settings);
      }
      next.put(route.id(), current);
    }
    for (String gone : byRoute.keySet()) {
      if (!next.containsKey(gone)) {
        registry.remove(gone);
        settingsByRoute.remove(gone);
      }
    }
    byRoute = Map.copyOf(next);
  }

  private CircuitBreakerConfig config(CircuitBreakerSettings settings) {
    return CircuitBreakerConfig.custom()
        .failureRateThreshold(settings.failureRate())
        .slowCallDurationThreshold(settings.slowCallDuration())
        .slowCallRateThreshold(settings.slowCallRate())
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(settings.window())
        .minimumNumberOfCalls(settings.minimumCalls())
        .waitDurationInOpenState(settings.openFor())
        .clock(clock)
        .build();
  }
}
