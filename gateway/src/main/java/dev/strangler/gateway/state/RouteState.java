package dev.strangler.gateway.state;

import org.jspecify.annotations.Nullable;

/**
 * The runtime state of one route in the state store, with its version: a rollout, a plan state and
 * targets, each set at runtime or absent.
 *
 * <p>Every change of a route's state gives it a new, higher version: a writer names the version it
 * read ({@link RouteWrite#expectedVersion()}) and the store refuses the write when the state has
 * changed since ({@link StateConflictException}), so two replicas never overwrite each other's
 * change unseen. A route without runtime state has version 0.
 *
 * @param version the version, 0 for a route without runtime state
 * @param rollout the rollout set at runtime, or null when the rules file's is in force
 * @param plan the state of the route's rollout plan, or null when it has none
 * @param targets the targets set at runtime, or null when the rules file's are in force
 */
public record RouteState(
    long version,
    @Nullable RolloutOverride rollout,
    @Nullable PlanRecord plan,
    @Nullable TargetsOverride targets) {

  /** A route without runtime state. */
  public static final RouteState NONE = new RouteState(0, null, null, null);

  /**
   * Checks the version.
   *
   * @throws IllegalArgumentException when it is negative
   */
  public RouteState {
    if (version < 0) {
      throw new IllegalArgumentException("version: " + version + " (expected: 0 or more)");
    }
  }

  /** Returns whether the route has no runtime state. */
  public boolean isEmpty() {
    return rollout == null && plan == null && targets == null;
  }
}
