package dev.strangler.gateway.plan;

import dev.strangler.gateway.metrics.RequestMetrics;
import dev.strangler.gateway.route.LiveRouter;
import dev.strangler.gateway.route.RolloutChange;
import dev.strangler.gateway.state.AuditAction;
import dev.strangler.gateway.state.AuditEntry;
import dev.strangler.gateway.state.FileBaseline;
import dev.strangler.gateway.state.PlanRecord;
import dev.strangler.gateway.state.RolloutSnapshot;
import dev.strangler.gateway.state.StateStore;
import dev.strangler.gateway.support.PeriodicTask;
import dev.strangler.rules.GateResult;
import dev.strangler.rules.OnFailure;
import dev.strangler.rules.PlanMove;
import dev.strangler.rules.PlanSettings;
import dev.strangler.rules.PlanState;
import dev.strangler.rules.PlanStatus;
import dev.strangler.rules.RolloutPlan;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.StepFigures;
import dev.strangler.shadow.DiffReports;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.json.JsonMapper;

/**
 * Walks the rollout plans of the routes that have one.
 *
 * <p>Every {@code strangler.plans.evaluate-interval} it judges each running plan on the figures of
 * its current step: the difference between the route's meters now and when the step started ({@link
 * RouteTotals}), so plans add nothing to the request path. A move that changes the rollout is put
 * in force through {@link LiveRouter#applyRollout} (stored, audited with the figures that decided
 * it, then applied to the router); the plan's own state is kept in the state store, so a restart
 * resumes the plan where it was. A route whose rules gain a plan starts it at its first step; a
 * change of the route's rollout or plan in the rules file drops the plan state ({@link
 * FileBaseline}), which starts the plan again.
 *
 * <p>It runs on a thread of its own (store writes block) and is also the admin API's {@link
 * PlanSteering}; both paths are serialized.
 */
final class PlanRunner implements PlanSteering, SmartLifecycle {

  private static final Log log = LogFactory.getLog(PlanRunner.class);

  private final LiveRouter router;

  private final StateStore store;

  private final RequestMetrics metrics;

  private final DiffReports reports;

  private final JsonMapper json;

  private final Clock clock;

  private final Map<String, RouteTotals> stepBaselines = new ConcurrentHashMap<>();

  private final PeriodicTask evaluator;

  PlanRunner(
      LiveRouter router,
      StateStore store,
      RequestMetrics metrics,
      DiffReports reports,
      JsonMapper json,
      Clock clock,
      Duration interval) {
    this.router = router;
    this.store = store;
    this.metrics = metrics;
    this.reports = reports;
    this.json = json;
    this.clock = clock;
    this.evaluator =
        new PeriodicTask("strangler-plan-runner", this::evaluateAll, Duration.ZERO, interval);
  }

  /** Judges every plan once. Called by the runner's thread, and by tests. */
  synchronized void evaluateAll() {
    for (RouteRule route : router.current().rules().routes()) {
      PlanSettings settings = route.plan();
      if (settings == null) {
        continue;
      }
      try {
        evaluate(route, RolloutPlan.of(settings, clock));
      } catch (RuntimeException ex) {
        log.error("Plan of route " + route.id() + " could not be judged; it stays where it is", ex);
      }
    }
  }

  private void evaluate(RouteRule route, RolloutPlan plan) {
    PlanState state = load(route.id(), plan.settings()).orElse(null);
    if (state == null) {
      start(route, plan);
      return;
    }
    RouteTotals now = RouteTotals.of(route.id(), metrics, reports);
    StepFigures figures = now.since(stepBaselines.computeIfAbsent(route.id(), id -> now));
    PlanMove move = plan.evaluate(state, figures);
    if (move.moved()) {
      record(route, move, AuditEntry.PLAN, automaticAction(move, plan.settings()));
    }
  }

  private void start(RouteRule route, RolloutPlan plan) {
    PlanState state = plan.start(route.id());
    router.applyRollout(
        new RolloutChange(
            route.id(),
            plan.rollout(state),
            AuditEntry.PLAN,
            AuditAction.PLAN_STEP,
            "plan started at step 1 of "
                + plan.settings().steps().size()
                + ": "
                + state.percent(plan.settings())
                + "%",
            Map.of()));
    save(route.id(), state, null);
    stepBaselines.put(route.id(), RouteTotals.of(route.id(), metrics, reports));
  }

  private void record(RouteRule route, PlanMove move, String who, AuditAction action) {
    String routeId = route.id();
    Map<String, Double> figures = figures(move);
    if (changesRollout(move)) {
      router.applyRollout(
          new RolloutChange(routeId, move.rollout(), who, action, move.reason(), figures));
      save(routeId, move.state(), null);
    } else {
      RolloutSnapshot inForce = RolloutSnapshot.of(router.current().rollout(routeId));
      save(
          routeId,
          move.state(),
          new AuditEntry(
              move.at(),
              who,
              routeId,
              action.wireName(),
              inForce,
              inForce,
              move.reason(),
              figures));
    }
    stepBaselines.put(routeId, RouteTotals.of(routeId, metrics, reports));
    log.info(
        who
            + " moved the plan of route "
            + routeId
            + " ("
            + move.kind().wireName()
            + "): "
            + move.reason());
  }

  /** A pause keeps whatever rollout is in force, which after an admin rollback is legacy. */
  private static boolean changesRollout(PlanMove move) {
    return switch (move.kind()) {
      case ADVANCED, COMPLETED, RESUMED -> true;
      case FAILED -> move.state().status() != PlanStatus.PAUSED;
      case PAUSED, HELD -> false;
    };
  }

  private static AuditAction automaticAction(PlanMove move, PlanSettings settings) {
    if (move.kind() == PlanMove.Kind.FAILED) {
      return settings.onFailure() == OnFailure.ROLLBACK
          ? AuditAction.PLAN_ROLLBACK
          : AuditAction.PLAN_PAUSE;
    }
    return AuditAction.PLAN_STEP;
  }

  private static Map<String, Double> figures(PlanMove move) {
    Map<String, Double> figures = new LinkedHashMap<>();
    StepFigures step = move.figures();
    if (step != null) {
      figures.put("modern-requests", (double) step.modernRequests());
      figures.put("modern-failures", (double) step.modernFailures());
      figures.put("modern-p99-ms", step.modernP99Millis());
      figures.put("legacy-p99-ms", step.legacyP99Millis());
      figures.put("compared-pairs", (double) step.comparedPairs());
      figures.put("breaking-pairs", (double) step.breakingPairs());
    }
    for (GateResult gate : move.gates()) {
      if (gate.applicable()) {
        figures.put(gate.gate(), gate.actual());
        figures.put(gate.gate() + "-limit", gate.limit());
      }
    }
    return figures;
  }

  private Optional<PlanState> load(String routeId, PlanSettings settings) {
    PlanRecord record = store.plans().get(routeId);
    if (record == null) {
      return Optional.empty();
    }
    PlanState state = json.treeToValue(record.state(), PlanState.class);
    return state.step() < settings.steps().size() ? Optional.of(state) : Optional.empty();
  }

  private void save(String routeId, PlanState state, @Nullable AuditEntry entry) {
    RouteRule fileRoute = router.current().rules().route(routeId).orElseThrow();
    store.putPlan(
        routeId,
        PlanRecord.of(json.valueToTree(state), FileBaseline.of(fileRoute), clock.instant()),
        entry);
  }

  @Override
  public synchronized Optional<PlanProgress> status(String routeId) {
    return router
        .current()
        .route(routeId)
        .flatMap(
            route -> {
              PlanSettings settings = route.plan();
              if (settings == null) {
                return Optional.empty();
              }
              RolloutPlan plan = RolloutPlan.of(settings, clock);
              return load(routeId, settings)
                  .map(
                      state ->
                          new PlanProgress(
                              state.step() + 1,
                              state.percent(settings).value(),
                              state.status().wireName(),
                              plan.eta(state).orElse(null)));
            });
  }

  @Override
  public PlanProgress pause(String routeId, String who, String reason) {
    return steer(routeId, who, AuditAction.PLAN_PAUSE, reason);
  }

  @Override
  public PlanProgress resume(String routeId, String who, String reason) {
    return steer(routeId, who, AuditAction.PLAN_RESUME, reason);
  }

  @Override
  public PlanProgress advance(String routeId, String who, String reason) {
    return steer(routeId, who, AuditAction.PLAN_ADVANCE, reason);
  }

  private synchronized PlanProgress steer(
      String routeId, String who, AuditAction action, String reason) {
    RouteRule route =
        router
            .current()
            .route(routeId)
            .orElseThrow(
                () -> new IllegalStateException("route " + routeId + " is not in the rules"));
    PlanSettings settings = route.plan();
    if (settings == null) {
      throw new IllegalStateException("route " + routeId + " has no plan");
    }
    RolloutPlan plan = RolloutPlan.of(settings, clock);
    PlanState state =
        load(routeId, settings)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the plan of route " + routeId + " has not started yet"));
    PlanMove move =
        switch (action) {
          case PLAN_PAUSE -> plan.pause(state);
          case PLAN_RESUME -> plan.resume(state);
          default -> plan.advance(state);
        };
    record(route, withReason(move, reason), who, action);
    return status(routeId).orElseThrow();
  }

  private static PlanMove withReason(PlanMove move, String reason) {
    return new PlanMove(
        move.kind(),
        true,
        move.fromStep(),
        move.fromPercent(),
        move.toStep(),
        move.toPercent(),
        move.rollout(),
        move.gates(),
        move.figures(),
        reason + " (" + move.reason() + ")",
        move.at(),
        move.state());
  }

  @Override
  public void start() {
    evaluator.start();
  }

  @Override
  public void stop() {
    evaluator.stop();
  }

  @Override
  public boolean isRunning() {
    return evaluator.isRunning();
  }
}
