package dev.strangler.gateway.route;

import dev.strangler.rules.Router;
import java.util.Set;

/**
 * Runtime state changed by another replica (or read anew from a shared store) was put in force.
 *
 * @param router the router now in force
 * @param routeIds the routes whose rollout may have changed
 * @param resynced whether the whole shared state was taken anew and reconciled with the rules
 */
public record SharedStateAppliedEvent(Router router, Set<String> routeIds, boolean resynced) {

  /** Copies the ids. */
  public SharedStateAppliedEvent {
    routeIds = Set.copyOf(routeIds);
  }
}
