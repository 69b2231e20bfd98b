package dev.strangler.gateway.plan;

import dev.strangler.gateway.metrics.PlanMetrics;
import dev.strangler.gateway.route.LiveRouter;
import dev.strangler.gateway.route.PlanWrite;
import dev.strangler.gateway.route.RolloutChange;
import dev.strangler.gateway.state.AuditAction;
import dev.strangler.gateway.state.AuditEntry;
import dev.strangler.gateway.state.AuditGate;
import dev.strangler.gateway.state.FileBaseline;
import dev.strangler.gateway.state.PlanLease;
import dev.strangler.gateway.state.PlanRecord;
import dev.strangler.gateway.state.RolloutSnapshot;
import dev.strangler.gateway.state.RouteState;
import dev.strangler.gateway.state.StateConflictException;
import dev.strangler.gateway.state.StateStore;
import dev.strangler.gateway.state.StateStoreUnavailableException;
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
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.json.JsonMapper;

/**
 * Walks the rollout plans of the routes that have one.
 *
 * <p>Every {@code strangler.plans.evaluate-interval} it judges each running plan on the evidence of
 * its current step, added up over every live replica ({@link PlanFigures}): the requests the step's
 * percent decided and their latency samples ({@link PlanEvidence}), and the shadow pairs compared.
 * A move is written as one change (the plan's state, the rollout it puts in force and the audit
 * entry with the figures that decided it) through {@link LiveRouter#applyPlanMove}, compare-and-set
 * on the version of the route's state it was judged on: a move never overwrites an operator's
 * change made meanwhile, and a restart resumes the plan where it was. A route whose rules gain a
 * plan starts it at its first step; a change of the route's rollout or plan in the rules file drops
 * the plan state ({@link FileBaseline}), which starts the plan again.
 *
 * <p>With several replicas only the holder of the {@link PlanLease} judges, and its moves carry the
 * lease's token, so that a judge that lost the lease cannot write one; while the state store cannot
 * be written, plans wait. Operators' moves (pause, resume, advance) are made by whichever replica
 * the admin call reaches, compare-and-set like the judge's.
 *
 * <p>It runs on a thread of its own (store writes block) and is also the admin API's {@link
 * PlanSteering}; both paths are serialized.
 */
final class PlanRunner implements PlanSteering, SmartLifecycle {

  private static final Log log = LogFactory.getLog(PlanRunner.class);

  private final LiveRouter router;

  private final StateStore store;

  private final PlanLease lease;

  private final PlanFigures figures;

  private final PlanMetrics planMetrics;

  private final PlanEvidence evidence;

  private final JsonMapper json;

  private final Clock clock;

  private final PeriodicTask evaluator;

  private boolean judging;

  PlanRunner(
      LiveRouter router,
      StateStore store,
      PlanLease lease,
      PlanFigures figures,
      PlanEvidence evidence,
      PlanMetrics planMetrics,
      JsonMapper json,
      Clock clock,
      Duration interval) {
    this.router = router;
    this.store = store;
    this.lease = lease;
    this.figures = figures;
    this.planMetrics = planMetrics;
    this.evidence = evidence;
    this.json = json;
    this.clock = clock;
    this.evaluator =
        new PeriodicTask("strangler-plan-runner", this::evaluateAll, Duration.ZERO, interval);
  }

  /** Judges every plan once, if this replica holds the plan lease. Called by its thread, tests. */
  synchronized void evaluateAll() {
    if (!store.available()) {
      return;
    }
    if (!lease.acquire()) {
      if (judging) {
        figures.forget();
        judging = false;
      }
      return;
    }
    judging = true;
    evidence.sync();
    for (RouteRule route : router.current().rules().routes()) {
      PlanSettings settings = route.plan();
      if (settings == null) {
        continue;
      }
      try {
        evaluate(route, RolloutPlan.of(settings, clock));
      } catch (StateConflictException ex) {
        log.info("Plan of route " + route.id() + " not moved now: " + ex.getMessage());
      } catch (StateStoreUnavailableException ex) {
        log.warn("Plan of route " + route.id() + " waits for the state store: " + ex.getMessage());
        return;
      } catch (RuntimeException ex) {
        log.error("Plan of route " + route.id() + " could not be judged; it stays where it is", ex);
      }
    }
  }

  private void evaluate(RouteRule route, RolloutPlan plan) {
    RouteState current = store.route(route.id());
    PlanState state = load(current, plan.settings()).orElse(null);
    if (state == null) {
      start(route, plan, current);
      return;
    }
    PlanMove move = plan.evaluate(state, figures.step(route.id(), state));
    if (move.moved()) {
      record(
          route,
          move,
          AuditEntry.PLAN,
          automaticAction(move, plan.settings()),
          current,
          lease.token());
    }
  }

  private void start(RouteRule route, RolloutPlan plan, RouteState current) {
    PlanState state = plan.start(route.id());
    router
        .applyPlanMove(
            new PlanWrite(
                route.id(),
                current.version(),
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
                    Map.of()),
                record(route, state),
                null,
                lease.token()))
        .ifPresent(written -> planMetrics.moved(route.id(), AuditAction.PLAN_STEP));
    evidence.sync();
  }

  private void record(
      RouteRule route,
      PlanMove move,
      String who,
      AuditAction action,
      RouteState current,
      @Nullable String fence) {
    String routeId = route.id();
    Map<String, Double> figures = figures(move);
    Optional<AuditEntry> written;
    List<AuditGate> gates = gates(move.gates());
    if (changesRollout(move)) {
      written =
          router.applyPlanMove(
              new PlanWrite(
                  routeId,
                  current.version(),
                  new RolloutChange(
                      routeId, move.rollout(), who, action, move.reason(), figures, gates),
                  record(route, move.state()),
                  null,
                  fence));
    } else {
      RolloutSnapshot inForce = RolloutSnapshot.of(router.current().rollout(routeId));
      written =
          router.applyPlanMove(
              new PlanWrite(
                  routeId,
                  current.version(),
                  null,
                  record(route, move.state()),
                  new AuditEntry(
                      move.at(),
                      who,
                      routeId,
                      action.wireName(),
                      inForce,
                      inForce,
                      move.reason(),
                      figures,
                      gates),
                  fence));
    }
    written.ifPresent(entry -> planMetrics.moved(routeId, action));
    evidence.sync();
    log.info(
        who
            + " moved the plan of route "
            + routeId
            + " ("
            + move.kind().wireName()
            + "): "
            + move.reason());
  }

  private PlanRecord record(RouteRule route, PlanState state) {
    return PlanRecord.of(json.valueToTree(state), FileBaseline.of(route), clock.instant());
  }

  /** A pause keeps whatever rollout is in force, which after an admin rollback is legacy. */
  private static boolean changesRollout(PlanMove move) {
    return switch (move.kind()) {
      case ADVANCED, COMPLETED, RESUMED -> true;
      case FAILED, INCONCLUSIVE -> move.state().status() != PlanStatus.PAUSED;
      case PAUSED, HELD -> false;
    };
  }

  private static AuditAction automaticAction(PlanMove move, PlanSettings settings) {
    if (move.kind() == PlanMove.Kind.FAILED) {
      return settings.onFailure() == OnFailure.ROLLBACK
          ? AuditAction.PLAN_ROLLBACK
          : AuditAction.PLAN_PAUSE;
    }
    if (move.kind() == PlanMove.Kind.INCONCLUSIVE) {
      return move.state().status() == PlanStatus.ROLLED_BACK
          ? AuditAction.PLAN_ROLLBACK
          : AuditAction.PLAN_PAUSE;
    }
    return AuditAction.PLAN_STEP;
  }

  private static Map<String, Double> figures(PlanMove move) {
    StepFigures step = move.figures();
    return step == null ? Map.of() : figures(step, move.gates());
  }

  /** The figures of a step and the gates' results, as the audit log and a simulation show them. */
  static Map<String, Double> figures(StepFigures step, List<GateResult> gates) {
    Map<String, Double> figures = new LinkedHashMap<>();
    figures.put("modern-requests", (double) step.modernRequests());
    figures.put("modern-failures", (double) step.modernFailures());
    figures.put("legacy-requests", (double) step.legacyRequests());
    figures.put("legacy-failures", (double) step.legacyFailures());
    figures.put("modern-latency-samples", (double) step.modernLatency().size());
    figures.put("legacy-latency-samples", (double) step.legacyLatency().size());
    figures.put("modern-p99-ms", step.modernP99Millis());
    figures.put("legacy-p99-ms", step.legacyP99Millis());
    figures.put("compared-pairs", (double) step.comparedPairs());
    figures.put("breaking-pairs", (double) step.breakingPairs());
    for (GateResult gate : gates) {
      if (gate.applicable()) {
        figures.put(gate.gate(), gate.actual());
        figures.put(gate.gate() + "-limit", gate.limit());
      }
    }
    return figures;
  }

  /** The gates as the audit log keeps them. */
  static List<AuditGate> gates(List<GateResult> gates) {
    return gates.stream()
        .map(
            gate ->
                new AuditGate(
                    gate.gate(),
                    gate.verdict().wireName(),
                    gate.test(),
                    gate.statistic(),
                    gate.pWorse(),
                    gate.pWithin(),
                    gate.modernSamples(),
                    gate.legacySamples(),
                    gate.actual(),
                    gate.limit()))
        .toList();
  }

  private Optional<PlanState> load(RouteState current, PlanSettings settings) {
    PlanRecord record = current.plan();
    if (record == null) {
      return Optional.empty();
    }
    PlanState state = json.treeToValue(record.state(), PlanState.class);
    return state.step() < settings.steps().size() ? Optional.of(state) : Optional.empty();
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
              return load(store.route(routeId), settings)
                  .map(
                      state ->
                          new PlanProgress(
                              state.step() + 1,
                              state.percent(settings).value(),
                              state.status().wireName(),
                              plan.eta(state).orElse(null),
                              plan.waitingForWindow(state).orElse(null)));
            });
  }

  @Override
  public PlanSimulation simulate(String routeId) {
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
        load(store.route(routeId), settings)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the plan of route " + routeId + " has not started yet"));
    evidence.sync();
    StepFigures step = figures.step(routeId, state);
    PlanMove move = plan.evaluate(state, step);
    List<GateResult> gates = plan.gates(step);
    return new PlanSimulation(
        routeId,
        move.at(),
        state.step() + 1,
        state.percent(settings).value(),
        state.status().wireName(),
        move.kind().wireName(),
        move.reason(),
        RolloutSnapshot.of(move.moved() ? move.rollout() : router.current().rollout(routeId)),
        gates(gates),
        figures(step, gates),
        figures.replicas(routeId, state),
        state.stepStartedAt(),
        state.stepStartedAt().plus(settings.stepDuration()),
        state.stepStartedAt().plus(settings.maxStepDuration()),
        plan.waitingForWindow(state).orElse(null));
  }

  @Override
  public PlanProgress pause(String routeId, String who, String reason) {
    return steer(routeId, who, Steer.PAUSE, reason);
  }

  @Override
  public PlanProgress resume(String routeId, String who, String reason) {
    return steer(routeId, who, Steer.RESUME, reason);
  }

  @Override
  public PlanProgress advance(String routeId, String who, String reason) {
    return steer(routeId, who, Steer.ADVANCE, reason);
  }

  /** An operator's move of a plan, and how the audit log names it. */
  private enum Steer {
    PAUSE(AuditAction.PLAN_PAUSE),
    RESUME(AuditAction.PLAN_RESUME),
    ADVANCE(AuditAction.PLAN_ADVANCE);

    final AuditAction action;

    Steer(AuditAction action) {
      this.action = action;
    }
  }

  private synchronized PlanProgress steer(String routeId, String who, Steer steer, String reason) {
    // the route as the rules file has it: its plan record is kept against the file's rollout
    RouteRule route =
        router
            .current()
            .rules()
            .route(routeId)
            .orElseThrow(
                () -> new IllegalStateException("route " + routeId + " is not in the rules"));
    PlanSettings settings = route.plan();
    if (settings == null) {
      throw new IllegalStateException("route " + routeId + " has no plan");
    }
    RolloutPlan plan = RolloutPlan.of(settings, clock);
    RouteState current = store.route(routeId);
    PlanState state =
        load(current, settings)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the plan of route " + routeId + " has not started yet"));
    PlanMove move =
        switch (steer) {
          case PAUSE -> plan.pause(state);
          case RESUME -> plan.resume(state);
          case ADVANCE -> plan.advance(state);
        };
    record(route, withReason(move, reason), who, steer.action, current, null);
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
