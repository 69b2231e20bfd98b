package dev.strangler.gateway.metrics;

/**
 * Names of Strangler's meters, as Micrometer names; the Prometheus registry renders them as {@code
 * strangler_requests_total}, {@code strangler_request_duration_seconds} and so on.
 */
public final class StranglerMetricNames {

  /** Requests answered, by route, target and outcome. */
  public static final String REQUESTS = "strangler.requests";

  /**
   * Requests a route's {@code targets} sent to a side in canary mode, by route and target (the side
   * the targets chose); they are counted in {@link #REQUESTS} too, and left out of the plan's
   * gates.
   */
  public static final String TARGETED_REQUESTS = "strangler.targeted.requests";

  /** Time to answer a request, by route and target (a histogram). */
  public static final String REQUEST_DURATION = "strangler.request.duration";

  /** Requests of modern answered by legacy, by route and reason. */
  public static final String FALLBACKS = "strangler.fallbacks";

  /** Mirrored requests, by route and result. */
  public static final String SHADOW_REQUESTS = "strangler.shadow.requests";

  /**
   * Differences found between legacy and modern, by route and severity; differences of fields
   * judged noise (the secondary legacy differs there too) are left out, as from the diff rate.
   */
  public static final String SHADOW_DIFFERENCES = "strangler.shadow.differences";

  /**
   * Requests refused before routing because their path may resolve to another path at a backend, by
   * reason.
   */
  public static final String REQUESTS_REFUSED = "strangler.requests.refused";

  /**
   * Backend calls sent a second time, on a new connection, because the first provably never reached
   * the backend; by route, target and reason ({@code not_sent}, {@code closed_before_response}).
   */
  public static final String BACKEND_RETRIES = "strangler.backend.retries";

  /** Share of keys sent to modern, by route (0..100). */
  public static final String ROLLOUT_PERCENT = "strangler.rollout.percent";

  /** Whether the state store can be written (1) or not (0), by store. */
  public static final String STATE_STORE_UP = "strangler.state.store.up";

  /** Changes of the rules file put in force or refused, by result. */
  public static final String RULES_RELOADS = "strangler.rules.reloads";

  /**
   * 1 while the rules file in place is refused (the last good rules stay in force), else 0; back to
   * 0 when a valid file is put in force, or the refused change is undone.
   */
  public static final String RULES_REFUSED = "strangler.rules.refused";

  /** Moves of rollout plans, by route and action (as the audit log names them). */
  public static final String PLAN_MOVES = "strangler.plan.moves";

  private StranglerMetricNames() {}
}
