package dev.strangler.gateway.plan;

import dev.strangler.gateway.StranglerProperties;
import dev.strangler.gateway.metrics.PlanMetrics;
import dev.strangler.gateway.metrics.RequestMetrics;
import dev.strangler.gateway.route.LiveRouter;
import dev.strangler.gateway.state.PlanLease;
import dev.strangler.gateway.state.SharedFigures;
import dev.strangler.gateway.state.StateStore;
import dev.strangler.shadow.DiffReports;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The plan runner and the figures it judges, unless {@code strangler.plans.enabled} is false. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "strangler.plans", name = "enabled", matchIfMissing = true)
class PlanConfiguration {

  @Bean
  PlanFigures planFigures(
      LiveRouter router,
      RequestMetrics metrics,
      DiffReports reports,
      SharedFigures shared,
      JsonMapper jsonMapper) {
    return new PlanFigures(router, metrics, reports, shared, jsonMapper);
  }

  @Bean
  PlanRunner planRunner(
      LiveRouter router,
      StateStore store,
      PlanLease lease,
      PlanFigures figures,
      PlanMetrics planMetrics,
      JsonMapper jsonMapper,
      Clock clock,
      StranglerProperties properties) {
    return new PlanRunner(
        router,
        store,
        lease,
        figures,
        planMetrics,
        jsonMapper,
        clock,
        properties.plans().evaluateInterval());
  }
}
