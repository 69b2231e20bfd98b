package dev.strangler.gateway.metrics;

import dev.strangler.rules.Mode;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.Router;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;

/**
 * Publishes {@code strangler_rollout_percent{route}}: the share of traffic modern gets by mode
 * (legacy and shadow 0, modern 100, canary its percent). Rows follow the routes of the current
 * rules, so a removed route's gauge goes away.
 */
final class RolloutGauges {

  private final MultiGauge gauge;

  RolloutGauges(MeterRegistry registry) {
    this.gauge =
        MultiGauge.builder(StranglerMetricNames.ROLLOUT_PERCENT)
            .description("Share of keys routed to modern, in percent")
            .register(registry);
  }

  /**
   * Re-publishes the gauge rows for a new router.
   *
   * @param router the router now in force
   */
  void update(Router router) {
    List<RouteRule> routes = router.rules().routes();
    gauge.register(
        routes.stream()
            .map(
                route ->
                    MultiGauge.Row.of(
                        Tags.of(TagNames.ROUTE, route.id()), modernShare(router, route)))
            .toList(),
        true);
  }

  private static double modernShare(Router router, RouteRule route) {
    var rollout = router.rollout(route.id());
    if (rollout.mode() == Mode.MODERN) {
      return 100;
    }
    if (rollout.mode() == Mode.CANARY) {
      return rollout.percent().value().doubleValue();
    }
    return 0;
  }
}
