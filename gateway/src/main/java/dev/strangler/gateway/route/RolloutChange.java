package dev.strangler.gateway.route;

import dev.strangler.gateway.state.AuditAction;
import dev.strangler.gateway.state.AuditEntry;
import dev.strangler.rules.Rollout;
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
 */
public record RolloutChange(
    String routeId,
    Rollout rollout,
    String who,
    AuditAction action,
    String reason,
    Map<String, Double> figures) {

  /** Copies the figures. */
  public RolloutChange {
    figures = Map.copyOf(figures);
  }
}
