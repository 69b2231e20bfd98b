package dev.strangler.gateway.plan;

import dev.strangler.gateway.state.AuditGate;
import dev.strangler.gateway.state.RolloutSnapshot;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a route's plan would decide now ({@code POST /admin/routes/{id}/plan/simulate}): the move
 * and its reason, every gate judged on the step's figures so far (even before the step may be
 * judged), and the figures themselves. Nothing is moved, stored or audited.
 *
 * @param route the route
 * @param at when it was simulated
 * @param step the step in force, counted from 1
 * @param percent the percent of that step
 * @param status the plan's status, e.g. {@code running}
 * @param decision what the plan would do: {@code held}, {@code advanced}, {@code completed}, {@code
 *     failed} or "inconclusive"
 * @param reason why, as the audit log would say it
 * @param rollout the rollout in force after that decision
 * @param gates every gate on the figures so far, in the order error rate, latency ratio, diff rate
 * @param figures the step's figures added up over the replicas
 * @param replicas how many replicas' evidence the figures hold
 * @param stepStartedAt when the step started
 * @param judgedFrom when the step may first be judged ({@code step-duration} after its start)
 * @param inconclusiveAt when a step without enough evidence is decided by {@code on-inconclusive}
 * @param waitingForWindow the next window's start when the plan waits for one, else null
 */
public record PlanSimulation(
    String route,
    Instant at,
    int step,
    BigDecimal percent,
    String status,
    String decision,
    String reason,
    RolloutSnapshot rollout,
    List<AuditGate> gates,
    Map<String, Double> figures,
    int replicas,
    Instant stepStartedAt,
    Instant judgedFrom,
    Instant inconclusiveAt,
    @Nullable Instant waitingForWindow) {

  /** Checks for nulls and copies the gates and figures. */
  public PlanSimulation {
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(decision, "decision");
    gates = List.copyOf(gates);
    figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
  }
}
