package dev.strangler.rules;

import java.time.Duration;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * When and how a request that modern failed is answered by legacy instead.
 *
 * @param enabled whether to fall back at all; default {@code true}
 * @param statuses modern statuses that count as a failure, each 100..599, held sorted; default
 *     {@code 502, 503, 504}; may be empty (then only timeouts and connect errors are failures)
 * @param timeout how long to wait for modern's response; positive, default 5s
 * @param replayUnsafe when a {@code POST} or {@code PATCH} may be replayed; default {@link
 *     ReplayUnsafe#CONNECT_FAILURE}
 * @param circuitBreaker the route's circuit breaker; default {@link
 *     CircuitBreakerSettings#defaults()}
 */
public record FallbackPolicy(
    boolean enabled,
    Set<Integer> statuses,
    Duration timeout,
    ReplayUnsafe replayUnsafe,
    CircuitBreakerSettings circuitBreaker) {

  /** The statuses that count as failure unless the file says otherwise. */
  public static final Set<Integer> DEFAULT_STATUSES =
      Collections.unmodifiableSet(new TreeSet<>(Set.of(502, 503, 504)));

  /** The modern response timeout unless the file says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private static final FallbackPolicy DEFAULTS =
      new FallbackPolicy(
          true,
          DEFAULT_STATUSES,
          DEFAULT_TIMEOUT,
          ReplayUnsafe.CONNECT_FAILURE,
          CircuitBreakerSettings.defaults());

  /**
   * Copies {@code statuses} into a sorted unmodifiable set and checks each value.
   *
   * @param enabled whether to fall back at all; default {@code true}
   * @param statuses modern statuses that count as a failure, each 100..599, held sorted; default
   *     {@code 502, 503, 504}; may be empty (then only timeouts and connect errors are failures)
   * @param timeout how long to wait for modern's response; positive, default 5s
   * @param replayUnsafe when a {@code POST} or {@code PATCH} may be replayed; default {@link
   *     ReplayUnsafe#CONNECT_FAILURE}
   * @param circuitBreaker the route's circuit breaker; default {@link
   *     CircuitBreakerSettings#defaults()}
   * @throws IllegalArgumentException if a status is outside 100..599 or the timeout is not positive
   * @throws NullPointerException if an argument or a status is null
   */
  public FallbackPolicy {
    Objects.requireNonNull(statuses, "statuses");
    for (Integer status : statuses) {
      Bounds.requireRange("statuses", Objects.requireNonNull(status, "status"), 100, 599);
    }
    statuses = Collections.unmodifiableSet(new TreeSet<>(statuses));
    Bounds.requirePositive("timeout", timeout);
    Objects.requireNonNull(replayUnsafe, "replayUnsafe");
    Objects.requireNonNull(circuitBreaker, "circuitBreaker");
  }

  /**
   * Returns the defaults: enabled, statuses 502, 503 and 504, timeout 5s, replay unsafe requests on
   * connect failure only, default circuit breaker.
   *
   * @return the default policy
   */
  public static FallbackPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Whether a modern response with this status counts as a failure.
   *
   * @param status an HTTP status code
   * @return {@code true} if {@code status} is one of {@link #statuses()}
   */
  public boolean isFailure(int status) {
    return statuses.contains(status);
  }
}
