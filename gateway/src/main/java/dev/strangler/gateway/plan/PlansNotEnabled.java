package dev.strangler.gateway.plan;

import java.util.Optional;

/** {@link PlanSteering} of a build without a plan runner. */
enum PlansNotEnabled implements PlanSteering {
  INSTANCE;

  @Override
  public boolean enabled() {
    return false;
  }

  @Override
  public Optional<PlanProgress> status(String routeId) {
    return Optional.empty();
  }

  @Override
  public PlanProgress pause(String routeId, String who, String reason) {
    throw new UnsupportedOperationException(NOT_ENABLED);
  }

  @Override
  public PlanProgress resume(String routeId, String who, String reason) {
    throw new UnsupportedOperationException(NOT_ENABLED);
  }

  @Override
  public PlanProgress advance(String routeId, String who, String reason) {
    throw new UnsupportedOperationException(NOT_ENABLED);
  }

  @Override
  public PlanSimulation simulate(String routeId) {
    throw new UnsupportedOperationException(NOT_ENABLED);
  }
}
