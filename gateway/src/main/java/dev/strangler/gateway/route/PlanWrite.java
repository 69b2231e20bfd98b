package dev.strangler.gateway.route;

import dev.strangler.gateway.state.AuditEntry;
import dev.strangler.gateway.state.PlanLease;
import dev.strangler.gateway.state.PlanRecord;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A move of a route's rollout plan, written as one change: the plan's new state and, when the move
 * changes it, the route's rollout, with the audit entry.
 *
 * @param routeId the route
 * @param expectedVersion the version of the route's state the move was decided on; the move is
 *     refused when the state changed since (an operator's rollback, another replica's move)
 * @param rollout the rollout the move puts in force, or null when it keeps the one in force
 * @param plan the plan's state after the move
 * @param entry the audit entry of a move that keeps the rollout, or null when it is not worth one;
 *     a move that changes the rollout is audited from {@code rollout}
 * @param fence the plan lease token of the judge ({@link PlanLease#token()}), or null for an
 *     operator's move, which needs no lease
 */
public record PlanWrite(
    String routeId,
    long expectedVersion,
    @Nullable RolloutChange rollout,
    PlanRecord plan,
    @Nullable AuditEntry entry,
    @Nullable String fence) {

  /** Checks for nulls. */
  public PlanWrite {
    Objects.requireNonNull(routeId, "routeId");
    Objects.requireNonNull(plan, "plan");
  }
}
