package dev.strangler.gateway.plan;

import java.util.Optional;

/**
 * Steers the rollout plans of routes ({@code POST /admin/routes/{id}/plan/{pause,resume,advance}})
 * and reports where they stand. The admin API calls it only for a route that has a {@code plan} in
 * its rules.
 *
 * <p>This package's plan runner provides it as a bean; with plans disabled there is none, a caller
 * uses {@link #notEnabled()}, and the admin API answers every move with {@code 501 Not
 * Implemented}. Moves are called off the event loop and may block.
 */
public interface PlanSteering {

  /** Why no plan moves in a build without a plan runner. */
  String NOT_ENABLED = "rollout plans are disabled (strangler.plans.enabled=false)";

  /**
   * Returns whether plans run in this gateway; without a plan runner no plan starts.
   *
   * @return true but for {@link #notEnabled()}
   */
  default boolean enabled() {
    return true;
  }

  /**
   * Where a route's plan stands.
   *
   * @param routeId a route with a plan
   * @return where its plan stands, or empty when no runner knows it
   */
  Optional<PlanProgress> status(String routeId);

  /**
   * Pauses a route's plan: the percent stays where it is.
   *
   * @param routeId a route with a plan
   * @param who the admin token's name
   * @param reason why
   * @return the plan after the move
   * @throws IllegalStateException when the plan cannot be paused now (409)
   * @throws UnsupportedOperationException when plans are not enabled (501)
   */
  PlanProgress pause(String routeId, String who, String reason);

  /**
   * Resumes a paused plan.
   *
   * @param routeId a route with a plan
   * @param who the admin token's name
   * @param reason why
   * @return the plan after the move
   * @throws IllegalStateException when the plan cannot be resumed now (409)
   * @throws UnsupportedOperationException when plans are not enabled (501)
   */
  PlanProgress resume(String routeId, String who, String reason);

  /**
   * Moves a plan to its next step at once, without waiting for its gates.
   *
   * @param routeId a route with a plan
   * @param who the admin token's name
   * @param reason why
   * @return the plan after the move
   * @throws IllegalStateException when the plan cannot move on (409), e.g. it has completed
   * @throws UnsupportedOperationException when plans are not enabled (501)
   */
  PlanProgress advance(String routeId, String who, String reason);

  /**
   * Tells what the plan would decide now, gate by gate with the figures, without moving it.
   *
   * @param routeId a route with a plan
   * @return the decision it would take and why
   * @throws IllegalStateException when the plan has not started yet (409)
   * @throws UnsupportedOperationException when plans are not enabled (501)
   */
  PlanSimulation simulate(String routeId);

  /** Returns the steering of a build without a plan runner: no status, every move unsupported. */
  static PlanSteering notEnabled() {
    return PlansNotEnabled.INSTANCE;
  }
}
