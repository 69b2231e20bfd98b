package dev.strangler.gateway.route;

import dev.strangler.rules.Router;
import dev.strangler.rules.Targets;

/**
 * The targets of one route changed at runtime, through the admin API.
 *
 * @param router the router now in force
 * @param from the route's targets before
 * @param change the change: the route, its new targets, who made it and why
 */
public record TargetsChangedEvent(Router router, Targets from, TargetsChange change) {

  /** Returns the route that changed. */
  public String routeId() {
    return change.routeId();
  }
}
