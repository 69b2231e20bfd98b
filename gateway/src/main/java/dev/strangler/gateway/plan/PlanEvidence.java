package dev.strangler.gateway.plan;

import dev.strangler.gateway.route.LiveRouter;
import dev.strangler.gateway.state.PlanRecord;
import dev.strangler.gateway.state.StateStore;
import dev.strangler.rules.Percent;
import dev.strangler.rules.PlanSettings;
import dev.strangler.rules.PlanState;
import dev.strangler.rules.PlanStatus;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.Target;
import dev.strangler.shadow.DiffReport;
import dev.strangler.shadow.DiffReports;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The evidence of the current plan step of every route with a running or paused plan, as this
 * replica sees it: the request path records into it, the plan judge reads it ({@link PlanFigures}).
 *
 * <p>Only requests the step's percent decided count ({@code RoutingDecision.Reason.CANARY}): forced
 * requests and requests of the route's targets are left out, so that hand-picked users do not sway
 * the gates. A request costs a map lookup by route id and the {@link StepEvidence} recording; a
 * route without a plan step costs the lookup alone.
 *
 * <p>Which step is current comes from the plan state in the state store: {@link #sync()} starts a
 * new {@link StepEvidence} when a route's plan moved to another step (or started the same one
 * over), and drops it when the plan is done. It runs when the state changes here or on another
 * replica, when the rules change, and before each judgement, so a replica follows a move within the
 * state store's propagation (a second with Redis); the few requests in between are decided at the
 * step before's percent and count for no step (see {@link StepEvidence#decidedBy}).
 */
public final class PlanEvidence {

  private static final Log log = LogFactory.getLog(PlanEvidence.class);

  private final LiveRouter router;

  private final StateStore store;

  private final DiffReports reports;

  private final JsonMapper json;

  private final Clock clock;

  private final LongSupplier nanoTime;

  private final RandomGenerator random;

  private final int capacity;

  private final Map<String, StepEvidence> steps = new ConcurrentHashMap<>();

  PlanEvidence(
      LiveRouter router,
      StateStore store,
      DiffReports reports,
      JsonMapper json,
      Clock clock,
      LongSupplier nanoTime,
      RandomGenerator random,
      int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException(
          "strangler.plans.latency-samples: " + capacity + " (expected: at least 1)");
    }
    this.router = router;
    this.store = store;
    this.reports = reports;
    this.json = json;
    this.clock = clock;
    this.nanoTime = nanoTime;
    this.random = random;
    this.capacity = capacity;
  }

  /**
   * Records one request that a route's canary percent decided. Called on the request path, by every
   * event loop at once; never blocks, allocates nothing.
   *
   * @param routeId the route
   * @param decidedAt the canary percent that decided the request: requests decided at another
   *     percent than the step's (the step before, until this replica follows the move) are left out
   * @param decided the side the percent sent the request to
   * @param answered the side that answered: legacy after a fallback
   * @param failed whether the answer was a 5xx or the call failed
   * @param nanos how long the request took
   * @param endNanos when it ended, by {@link System#nanoTime()}
   */
  public void record(
      String routeId,
      Percent decidedAt,
      Target decided,
      Target answered,
      boolean failed,
      long nanos,
      long endNanos) {
    StepEvidence step = steps.get(routeId);
    if (step != null && step.decidedBy(decidedAt)) {
      step.record(decided, answered, failed, nanos, endNanos);
    }
  }

  /**
   * Follows the plan states of the store: a new evidence for each route whose plan is in another
   * step than its evidence, none for routes without a running or paused plan. Cheap when nothing
   * moved; called off the request path.
   */
  public synchronized void sync() {
    Map<String, RouteRule> planned = new LinkedHashMap<>();
    for (RouteRule route : router.current().rules().routes()) {
      if (route.plan() != null) {
        planned.put(route.id(), route);
      }
    }
    steps.keySet().removeIf(routeId -> !planned.containsKey(routeId));
    planned.forEach(
        (routeId, route) -> {
          PlanState state = state(routeId);
          PlanSettings settings = route.plan();
          if (state == null
              || settings == null
              || !(state.status() == PlanStatus.RUNNING || state.status() == PlanStatus.PAUSED)) {
            steps.remove(routeId);
            return;
          }
          String key = key(state);
          StepEvidence current = steps.get(routeId);
          if (current == null || !current.step().equals(key)) {
            steps.put(routeId, start(routeId, key, state, settings));
          }
        });
  }

  private StepEvidence start(String routeId, String key, PlanState state, PlanSettings settings) {
    Duration untilWarm =
        Duration.between(clock.instant(), state.stepStartedAt().plus(settings.warmUp()));
    long warmNanos;
    try {
      warmNanos = untilWarm.isNegative() ? 0 : untilWarm.toNanos();
    } catch (ArithmeticException ex) {
      warmNanos = Long.MAX_VALUE / 2;
    }
    DiffReport report = reports.find(routeId).orElse(null);
    return new StepEvidence(
        key,
        state.percent(settings),
        nanoTime.getAsLong() + warmNanos,
        capacity,
        report == null ? 0 : report.compared(),
        report == null ? 0 : report.breaking(),
        random);
  }

  /**
   * Returns this replica's evidence of one route's plan step.
   *
   * @param routeId a route
   * @return this replica's evidence of the route's current plan step, or empty when it has none
   */
  Optional<EvidenceSnapshot> local(String routeId) {
    StepEvidence step = steps.get(routeId);
    if (step == null) {
      return Optional.empty();
    }
    DiffReport report = reports.find(routeId).orElse(null);
    return Optional.of(
        step.snapshot(
            report == null ? 0 : report.compared(), report == null ? 0 : report.breaking()));
  }

  /**
   * Returns this replica's evidence of every route.
   *
   * @return this replica's evidence of every route's current plan step, by route id
   */
  Map<String, EvidenceSnapshot> all() {
    Map<String, EvidenceSnapshot> all = new LinkedHashMap<>();
    for (String routeId : steps.keySet()) {
      local(routeId).ifPresent(snapshot -> all.put(routeId, snapshot));
    }
    return all;
  }

  /**
   * Returns the reservoir's bound.
   *
   * @return the most latencies kept per route, side and step
   */
  int capacity() {
    return capacity;
  }

  private @Nullable PlanState state(String routeId) {
    PlanRecord record = store.route(routeId).plan();
    if (record == null) {
      return null;
    }
    try {
      return json.treeToValue(record.state(), PlanState.class);
    } catch (JacksonException | IllegalArgumentException ex) {
      log.warn("Plan state of route " + routeId + " cannot be read: " + ex.getMessage());
      return null;
    }
  }

  /** The step a plan state is in: its index and when it started, {@code 2@2025-03-31T07:00:00Z}. */
  static String key(PlanState state) {
    return state.step() + "@" + state.stepStartedAt();
  }
}
