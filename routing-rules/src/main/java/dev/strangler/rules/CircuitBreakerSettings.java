package dev.strangler.rules;

import java.time.Duration;

/**
 * The circuit breaker in front of a route's modern side, with Resilience4j semantics and a
 * count-based sliding window.
 *
 * <p>Rates are whole percents from 1 to 100: Resilience4j refuses a threshold of 0.
 *
 * @param failureRate percent of failed calls in the window that opens the circuit, 1..100; default
 *     50
 * @param slowCallDuration a call at least this long counts as slow; positive, default 2s
 * @param slowCallRate percent of slow calls in the window that opens the circuit, 1..100; default
 *     100
 * @param window calls in the sliding window, 1..{@value #MAX_WINDOW}; default 100
 * @param minimumCalls calls the window needs before a rate is computed, 1..{@code window}; default
 *     20
 * @param openFor how long the circuit stays open before it lets trial calls through; positive,
 *     default 30s
 */
public record CircuitBreakerSettings(
    int failureRate,
    Duration slowCallDuration,
    int slowCallRate,
    int window,
    int minimumCalls,
    Duration openFor) {

  /** The largest sliding window: the window is held in memory per route. */
  public static final int MAX_WINDOW = 100_000;

  private static final CircuitBreakerSettings DEFAULTS =
      new CircuitBreakerSettings(50, Duration.ofSeconds(2), 100, 100, 20, Duration.ofSeconds(30));

  /**
   * Checks each value against its bounds and {@code minimumCalls} against {@code window}.
   *
   * @param failureRate percent of failed calls in the window that opens the circuit, 1..100;
   *     default 50
   * @param slowCallDuration a call at least this long counts as slow; positive, default 2s
   * @param slowCallRate percent of slow calls in the window that opens the circuit, 1..100; default
   *     100
   * @param window calls in the sliding window, 1..{@value #MAX_WINDOW}; default 100
   * @param minimumCalls calls the window needs before a rate is computed, 1..{@code window};
   *     default 20
   * @param openFor how long the circuit stays open before it lets trial calls through; positive,
   *     default 30s
   * @throws IllegalArgumentException if a value is out of bounds, or {@code minimumCalls > window}
   * @throws NullPointerException if a duration is null
   */
  public CircuitBreakerSettings {
    Bounds.requireRange("failure-rate", failureRate, 1, 100);
    Bounds.requirePositive("slow-call-duration", slowCallDuration);
    Bounds.requireRange("slow-call-rate", slowCallRate, 1, 100);
    Bounds.requireRange("window", window, 1, MAX_WINDOW);
    Bounds.requireRange("minimum-calls", minimumCalls, 1, window);
    Bounds.requirePositive("open-for", openFor);
  }

  /**
   * Returns the defaults: failure rate 50, slow call 2s, slow call rate 100, window 100, minimum
   * calls 20, open for 30s.
   *
   * @return the default settings
   */
  public static CircuitBreakerSettings defaults() {
    return DEFAULTS;
  }
}
