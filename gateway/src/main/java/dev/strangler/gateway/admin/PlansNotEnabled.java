package dev.strangler.gateway.admin;

import java.util.Optional;

/** {@link PlanSteering} of a build without a plan runner. */
enum PlansNotEnabled implements PlanSteering {
  INSTANCE;

  /** Why every move fails. */
  static final String REASON = "rollout plans are disabled (strangler.plans.enabled=false)";

  @Override
  public Optional<PlanStatus> status(String routeId) {
    return Optional.empty();
  }

  @Override
  public PlanStatus pause(String routeId, String who, String reason) {
    throw new UnsupportedOperationException(REASON);
  }

  @Override
  public PlanStatus resume(String routeId, String who, String reason) {
    throw new UnsupportedOperationException(REASON);
  }

  @Override
  public PlanStatus advance(String routeId, String who, String reason) {
    throw new UnsupportedOperationException(REASON);
  }
}
