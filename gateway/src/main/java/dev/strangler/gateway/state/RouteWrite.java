package dev.strangler.gateway.state;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One change of a route's runtime state, written as a whole with its audit entry: compare-and-set
 * on the version the writer read.
 *
 * @param routeId the route
 * @param expectedVersion the version of the route's state the change was made from; the write is
 *     refused when the stored version differs
 * @param rollout the route's runtime rollout after the change, or null for none
 * @param plan the route's plan state after the change, or null for none
 * @param targets the route's runtime targets after the change, or null for none; a writer that
 *     changes something else passes on what it read
 * @param entry the audit entry of the change, or null when it is not worth one (a plan's progress
 *     within a step)
 * @param fence the plan lease token the writer holds ({@link PlanLease#token()}), or null for a
 *     write that needs no lease; a write with a token is refused once the lease has passed to
 *     another replica, so a deposed plan judge cannot move a plan
 */
public record RouteWrite(
    String routeId,
    long expectedVersion,
    @Nullable RolloutOverride rollout,
    @Nullable PlanRecord plan,
    @Nullable TargetsOverride targets,
    @Nullable AuditEntry entry,
    @Nullable String fence) {

  /**
   * Checks for nulls and the version.
   *
   * @throws IllegalArgumentException when the expected version is negative
   */
  public RouteWrite {
    Objects.requireNonNull(routeId, "routeId");
    if (expectedVersion < 0) {
      throw new IllegalArgumentException(
          "expectedVersion: " + expectedVersion + " (expected: 0 or more)");
    }
  }

  /** Returns whether the write leaves the route without runtime state. */
  public boolean removes() {
    return rollout == null && plan == null && targets == null;
  }
}
