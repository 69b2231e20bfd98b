package dev.strangler.gateway.route;

import dev.strangler.gateway.state.AuditAction;
import dev.strangler.gateway.state.AuditEntry;
import dev.strangler.gateway.state.AuditGate;
import dev.strangler.rules.Rollout;
import java.util.List;
import java.util.Map;

/**
 * A change of one route's rollout, asked through the admin API or made by a plan.
 *
 * @param routeId the route
 * @param rollout its new rollout
 * @param who an admin token's name or {@value AuditEntry#PLAN}
 * @param action what kind of change
 * @param reason why
 * @param figures the figures that decided a plan move, else empty
 * @param gates how each gate was tested for a judged plan move, else empty
 */
public record RolloutChange(
    String routeId,
    Rollout rollout,
    String who,
    AuditAction action,
    String reason,
    Map<String, Double> figures,
    List<AuditGate> gates) {

  /** Copies the figures and gates. */
  public RolloutChange {
    figures = Map.copyOf(figures);
    gates = List.copyOf(gates);
  }

  /**
   * A change without gates: an operator's, or a plan move no gate decided.
   *
   * @param routeId the route
   * @param rollout its new rollout
   * @param who an admin token's name or {@value AuditEntry#PLAN}
   * @param action what kind of change
   * @param reason why
   * @param figures the figures that decided a plan move, else empty
   */
  public RolloutChange(
      String routeId,
      Rollout rollout,
      String who,
      AuditAction action,
      String reason,
      Map<String, Double> figures) {
    this(routeId, rollout, who, action, reason, figures, List.of());
  }
}
