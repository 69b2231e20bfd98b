package dev.strangler.gateway.route;

import dev.strangler.rules.Rollout;
import dev.strangler.rules.Router;

/**
 * The rollout of one route changed at runtime, through the admin API or by a plan.
 *
 * @param router the router now in force
 * @param from the route's rollout before
 * @param change the change: the route, its new rollout, who made it and why
 */
public record RolloutChangedEvent(Router router, Rollout from, RolloutChange change) {

  /** Returns the route that changed. */
  public String routeId() {
    return change.routeId();
  }

  /** Returns its rollout now. */
  public Rollout to() {
    return change.rollout();
  }
}
