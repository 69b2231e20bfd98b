package dev.strangler.gateway.shadow;

import dev.strangler.gateway.support.BreakerCall;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One Resilience4j circuit breaker per route's shadow side, so that a shadow side that does not
 * answer (refused connections, timeouts) stops costing the gateway: each copy to a dead side opens
 * a connection that fails, which costs more than a copy that is answered. After {@link
 * #MINIMUM_CALLS} calls of which half or more failed, copies of that route are not sent for {@link
 * #OPEN_FOR} (they are counted as dropped); then {@link #PROBES} copies try the side again. Answers
 * count as successes whatever their status: a 500 of the shadow side is a difference to report, not
 * a reason to stop comparing.
 */
final class ShadowBreakers {

  /** Calls judged per route. */
  static final int WINDOW = 20;

  /** Calls before the breaker may open. */
  static final int MINIMUM_CALLS = 10;

  /** How long copies pause once the breaker opened. */
  static final Duration OPEN_FOR = Duration.ofSeconds(10);

  /** Copies let through to try the side again. */
  static final int PROBES = 3;

  private static final Log log = LogFactory.getLog(ShadowBreakers.class);

  private final CircuitBreakerConfig config;

  private final Map<String, CircuitBreaker> byRoute = new ConcurrentHashMap<>();

  ShadowBreakers(Clock clock) {
    this.config =
        CircuitBreakerConfig.custom()
            .failureRateThreshold(50)
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(WINDOW)
            .minimumNumberOfCalls(MINIMUM_CALLS)
            .waitDurationInOpenState(OPEN_FOR)
            .permittedNumberOfCallsInHalfOpenState(PROBES)
            .clock(clock)
            .build();
  }

  /**
   * Asks to send one copy of a route.
   *
   * @param routeId the route
   * @return the call to report the outcome to, or null when the route's shadow side is paused
   */
  @Nullable BreakerCall tryCall(String routeId) {
    CircuitBreaker breaker = byRoute.computeIfAbsent(routeId, this::create);
    return breaker.tryAcquirePermission() ? new BreakerCall(breaker) : null;
  }

  private CircuitBreaker create(String routeId) {
    CircuitBreaker breaker = CircuitBreaker.of("shadow:" + routeId, config);
    breaker
        .getEventPublisher()
        .onStateTransition(
            event -> {
              if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                log.warn(
                    "The shadow side of route "
                        + routeId
                        + " keeps failing; its copies pause for "
                        + OPEN_FOR.toSeconds()
                        + " s (counted as dropped)");
              }
            });
    return breaker;
  }
}
