package dev.strangler.gateway.progress;

import dev.strangler.gateway.StranglerProperties;
import dev.strangler.gateway.metrics.FallbackMetrics;
import dev.strangler.gateway.metrics.RequestMetrics;
import dev.strangler.gateway.route.LiveRouter;
import dev.strangler.shadow.DiffReports;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The history rings, the catch-all's path shapes and the timer that feeds them. */
@Configuration(proxyBeanMethods = false)
class ProgressConfiguration {

  @Bean
  RouteHistories routeHistories(
      RequestMetrics requests,
      FallbackMetrics fallbacks,
      DiffReports reports,
      StranglerProperties properties) {
    return new RouteHistories(
        new MeterTotals(requests, fallbacks, reports),
        properties.history().resolution(),
        properties.history().window());
  }

  @Bean
  CatchAllShapes catchAllShapes(LiveRouter router, Clock clock, StranglerProperties properties) {
    CatchAllShapes shapes = new CatchAllShapes(properties.history().pathShapes(), clock);
    router.onRulesReloaded(event -> shapes.forgetRouted(event.router()));
    return shapes;
  }

  @Bean
  ProgressRecorder progressRecorder(
      RouteHistories histories, CatchAllShapes shapes, LiveRouter router, Clock clock) {
    return new ProgressRecorder(histories, shapes, () -> router.current().rules().routes(), clock);
  }
}
