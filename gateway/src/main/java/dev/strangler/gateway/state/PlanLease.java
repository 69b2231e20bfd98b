package dev.strangler.gateway.state;

import org.jspecify.annotations.Nullable;

/**
 * The right to judge rollout plans: with several replicas, exactly one holds it at a time, so that
 * a plan moves once per step and not once per replica.
 *
 * <p>With the {@code redis} store it is a Redis lease: a key set if absent with a random token and
 * a time to live, renewed by its holder and released when it stops; when the holder dies, another
 * replica takes it once it has expired. Its token fences the holder's plan moves ({@link
 * RouteWrite#fence()}): a holder that lost the lease (paused, cut off) cannot write one.
 */
public interface PlanLease {

  /**
   * Takes the lease when it is free, or renews it when this replica holds it. May block on the
   * store; never call it on an event loop.
   *
   * @return whether this replica holds it now
   */
  boolean acquire();

  /**
   * Returns whether this replica held the lease at its last renewal, recently enough that it cannot
   * have expired yet.
   */
  boolean held();

  /**
   * Returns the token to fence writes with while {@link #held()}, or null when writes need no fence
   * (a single gateway).
   */
  @Nullable String token();

  /** Returns the lease of a gateway that judges its plans alone: always held, no fence. */
  static PlanLease alone() {
    return SoleGateway.INSTANCE;
  }
}
