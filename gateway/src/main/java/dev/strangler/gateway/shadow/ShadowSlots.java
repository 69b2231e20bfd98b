package dev.strangler.gateway.shadow;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The places for mirrors in flight: at most {@code strangler.shadow.max-concurrent} for the whole
 * gateway, as the SPEC bounds them, and at most {@code max-concurrent-per-route} for one route, so
 * that a slow shadow side, whose copies hold their places for as long as it takes to answer, cannot
 * take them all and leave every other route without diffs.
 */
final class ShadowSlots {

  private final int max;

  private final int perRoute;

  private final AtomicInteger inFlight = new AtomicInteger();

  private final ConcurrentMap<String, AtomicInteger> byRoute = new ConcurrentHashMap<>();

  /**
   * @param max places for the whole gateway
   * @param perRoute places one route may hold; kept between 1 and {@code max}
   */
  ShadowSlots(int max, int perRoute) {
    this.max = max;
    this.perRoute = Math.max(1, Math.min(perRoute, max));
  }

  /** Returns places one route may hold. */
  int perRoute() {
    return perRoute;
  }

  /**
   * Takes a place for a mirror of a route, if the route and the gateway have one free.
   *
   * @param routeId the route
   * @return whether a place was taken; it must then be {@linkplain #give given back}
   */
  boolean tryTake(String routeId) {
    AtomicInteger route = byRoute.get(routeId);
    if (route == null) {
      // computeIfAbsent may lock even when the key is there: only for a route's first copy
      route = byRoute.computeIfAbsent(routeId, id -> new AtomicInteger());
    }
    if (route.incrementAndGet() > perRoute) {
      route.decrementAndGet();
      return false;
    }
    if (inFlight.incrementAndGet() > max) {
      inFlight.decrementAndGet();
      route.decrementAndGet();
      return false;
    }
    return true;
  }

  /**
   * @param routeId the route whose place is given back
   */
  void give(String routeId) {
    inFlight.decrementAndGet();
    AtomicInteger route = byRoute.get(routeId);
    if (route == null) {
      throw new IllegalStateException("route " + routeId + " gave back a place it never took");
    }
    route.decrementAndGet();
  }

  /** Returns mirrors in flight now, all routes. */
  int inFlight() {
    return inFlight.get();
  }
}
