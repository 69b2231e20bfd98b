package dev.strangler.gateway.metrics;

import dev.strangler.gateway.state.AuditAction;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.RulesFile;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records {@code strangler_plan_moves_total{route,action}}: every move of a rollout plan, by the
 * action the audit log names it with ({@code plan-step}, {@code plan-advance}, {@code plan-pause},
 * {@code plan-resume}, {@code plan-rollback}). The counters of every route with a plan are
 * registered when its rules go in force, so that an alert on {@code increase()} sees the first
 * rollback.
 */
public final class PlanMetrics {

  /** The audit actions of plan moves. */
  static final List<AuditAction> ACTIONS =
      List.of(
          AuditAction.PLAN_STEP,
          AuditAction.PLAN_ADVANCE,
          AuditAction.PLAN_PAUSE,
          AuditAction.PLAN_RESUME,
          AuditAction.PLAN_ROLLBACK);

  private final MeterRegistry registry;

  private final Map<String, Map<AuditAction, Counter>> byRoute = new ConcurrentHashMap<>();

  public PlanMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Registers the counters of every route of the rules that has a plan.
   *
   * @param rules the rules now in force
   */
  public void register(RulesFile rules) {
    for (RouteRule route : rules.routes()) {
      if (route.plan() != null) {
        counters(route.id());
      }
    }
  }

  /**
   * Counts one move of a route's plan.
   *
   * @param routeId the route
   * @param action the move as audited; other actions than a plan's are not counted
   */
  public void moved(String routeId, AuditAction action) {
    Counter counter = counters(routeId).get(action);
    if (counter != null) {
      counter.increment();
    }
  }

  private Map<AuditAction, Counter> counters(String routeId) {
    return byRoute.computeIfAbsent(
        routeId,
        id -> {
          Map<AuditAction, Counter> counters = new EnumMap<>(AuditAction.class);
          for (AuditAction action : ACTIONS) {
            counters.put(
                action,
                Counter.builder(StranglerMetricNames.PLAN_MOVES)
                    .description("Moves of rollout plans")
                    .tag(TagNames.ROUTE, id)
                    .tag(TagNames.ACTION, action.wireName())
                    .register(registry));
          }
          return counters;
        });
  }
}
