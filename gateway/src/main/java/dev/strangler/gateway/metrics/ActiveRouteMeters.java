package dev.strangler.gateway.metrics;

import dev.strangler.rules.Mode;
import dev.strangler.rules.Percent;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.Router;
import dev.strangler.rules.ShadowPolicy;

/**
 * Registers, at zero, the fallback and shadow counters of every route that can fall back or mirror
 * with the rollout in force, whenever the router changes. A counter that appears with its first
 * event is invisible to Prometheus' {@code rate()} and {@code increase()} until its second: the
 * first fallback, dropped copy or breaking difference of a route would not fire an alert. Routes in
 * legacy mode, not migrated yet, get none, so a rules file of many routes does not export series
 * for all of them.
 */
final class ActiveRouteMeters {

  private final FallbackMetrics fallbacks;

  private final ShadowMetrics shadows;

  ActiveRouteMeters(FallbackMetrics fallbacks, ShadowMetrics shadows) {
    this.fallbacks = fallbacks;
    this.shadows = shadows;
  }

  /**
   * Registers the counters of the routes that can fall back or mirror under this router.
   *
   * @param router the router now in force
   */
  void update(Router router) {
    for (RouteRule route : router.rules().routes()) {
      Mode mode = router.rollout(route.id()).mode();
      if (mode == Mode.LEGACY) {
        continue;
      }
      if (route.fallback().enabled() && mode != Mode.SHADOW) {
        fallbacks.register(route.id());
      }
      ShadowPolicy shadow = route.shadow().forMode(mode);
      if (shadow.percent().compareTo(Percent.ZERO) > 0 && !shadow.methods().isEmpty()) {
        shadows.register(route.id());
      }
    }
  }
}
