package dev.strangler.gateway.admin;

import dev.strangler.gateway.shadow.ShadowFigures;
import dev.strangler.gateway.state.RolloutSnapshot;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A route as {@code GET /admin/routes} shows it.
 *
 * @param id the route id
 * @param paths its path patterns
 * @param methods the methods it takes, empty for every method
 * @param legacy the legacy side
 * @param modern the modern side
 * @param filters the filters of the calls to each side, as the rules file writes them
 * @param preserveHost whether the backends get the client's {@code Host} header
 * @param mode the mode in force
 * @param percent the canary percent in force
 * @param modernShare the share of requests modern answers: 0 in legacy and shadow mode, the percent
 *     in canary mode, 100 in modern mode
 * @param phase {@code legacy}, {@code shadowing}, {@code canary N%} or {@code modern}
 * @param rollout where the rollout in force comes from
 * @param plan the rollout plan, or null when the route has none
 * @param targets the requests sent to one side whatever the percent (canary mode), and where they
 *     come from
 * @param circuitBreaker modern's circuit breaker, or null when the route has no fallback
 * @param traffic requests, errors and p99 latency of each side
 * @param shadow the shadow comparison, or null when the route has no diff report
 */
record RouteView(
    String id,
    List<String> paths,
    List<String> methods,
    URI legacy,
    URI modern,
    Filters filters,
    boolean preserveHost,
    String mode,
    BigDecimal percent,
    BigDecimal modernShare,
    String phase,
    RolloutSource rollout,
    @Nullable PlanView plan,
    TargetsView targets,
    @Nullable CircuitBreakerView circuitBreaker,
    Traffic traffic,
    @Nullable ShadowFigures shadow) {

  /**
   * @param modern the entries of {@code modern-filters}, in order: the shortcut as written, or the
   *     name with its arguments
   * @param legacy the entries of {@code legacy-filters}, in order
   */
  record Filters(List<String> modern, List<String> legacy) {}

  /**
   * @param source {@code rules-file} or {@code runtime}
   * @param who who set a runtime rollout
   * @param at when
   * @param reason why
   * @param file the route's rollout in the rules file
   */
  record RolloutSource(
      String source,
      @Nullable String who,
      @Nullable Instant at,
      @Nullable String reason,
      RolloutSnapshot file) {

    static final String RULES_FILE = "rules-file";

    static final String RUNTIME = "runtime";

    boolean runtime() {
      return RUNTIME.equals(source);
    }
  }

  /**
   * @param steps the percents of the plan's steps
   * @param step the step in force, from 1, or null when no plan runner reports it
   * @param percent the percent of that step, or null
   * @param status the runner's status, or null
   * @param eta the expected time of completion, or null
   * @param waitingForWindow the start of the next window a running plan waits for, or null
   */
  record PlanView(
      List<BigDecimal> steps,
      @Nullable Integer step,
      @Nullable BigDecimal percent,
      @Nullable String status,
      @Nullable Instant eta,
      @Nullable Instant waitingForWindow) {}

  /**
   * @param modern the entries sent to modern, keys and {@code header:NAME=value} matches
   * @param legacy the entries sent to legacy
   * @param source {@code rules-file} or {@code runtime}
   * @param who who set runtime targets
   * @param at when
   * @param reason why
   */
  record TargetsView(
      List<String> modern,
      List<String> legacy,
      String source,
      @Nullable String who,
      @Nullable Instant at,
      @Nullable String reason) {

    /** Returns whether any request is targeted. */
    boolean any() {
      return !modern.isEmpty() || !legacy.isEmpty();
    }
  }

  /**
   * @param state {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN} (or another Resilience4j state)
   * @param failureRate percent of failed calls in the window, or null until the minimum calls
   * @param slowCallRate percent of slow calls in the window, or null until the minimum calls
   */
  record CircuitBreakerView(
      String state, @Nullable Double failureRate, @Nullable Double slowCallRate) {}

  /**
   * @param legacy requests answered by legacy (fallbacks left out)
   * @param modern requests sent to modern, with those that fell back to legacy
   */
  record Traffic(Side legacy, Side modern) {}

  /**
   * @param requests requests since start
   * @param errors of those, 5xx answers, and for modern also the requests that fell back to legacy
   * @param p99Ms 99th percentile latency in milliseconds, or null before the first request
   */
  record Side(long requests, long errors, @Nullable Double p99Ms) {

    /** Returns errors / requests in percent, 0 without requests. */
    double errorPercent() {
      return requests == 0 ? 0 : 100.0 * errors / requests;
    }
  }
}
