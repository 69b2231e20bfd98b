package dev.strangler.gateway.progress;

import dev.strangler.gateway.StranglerProperties;
import dev.strangler.gateway.metrics.FallbackMetrics;
import dev.strangler.gateway.metrics.RequestMetrics;
import dev.strangler.gateway.route.LiveRouter;
import dev.strangler.gateway.state.SharedFigures;
import dev.strangler.shadow.DiffReports;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The history rings (added up over the replicas through {@link SharedFigures}), the catch-all's
 * path shapes and the timer that feeds them.
 */
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
  SharedCatchAllShapes sharedCatchAllShapes(
      CatchAllShapes shapes, SharedFigures sharedFigures, JsonMapper jsonMapper) {
    return new SharedCatchAllShapes(shapes, sharedFigures, jsonMapper);
  }

  @Bean
  SharedHistory sharedHistory(
      RouteHistories histories, SharedFigures sharedFigures, JsonMapper jsonMapper) {
    return new SharedHistory(histories, sharedFigures, jsonMapper);
  }

  @Bean
  ProgressRecorder progressRecorder(
      RouteHistories histories,
      SharedHistory sharedHistory,
      CatchAllShapes shapes,
      LiveRouter router,
      Clock clock) {
    return new ProgressRecorder(
        histories, sharedHistory, shapes, () -> router.current().rules().routes(), clock);
  }
}
