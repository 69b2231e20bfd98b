package dev.strangler.gateway.plan;

import dev.strangler.gateway.StranglerProperties;
import dev.strangler.gateway.metrics.RequestMetrics;
import dev.strangler.gateway.route.LiveRouter;
import dev.strangler.gateway.state.StateStore;
import dev.strangler.shadow.DiffReports;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The plan runner, unless {@code strangler.plans.enabled} is false. */
@Configuration(proxyBeanMethods = false)
class PlanConfiguration {

  @Bean
  @ConditionalOnProperty(prefix = "strangler.plans", name = "enabled", matchIfMissing = true)
  PlanRunner planRunner(
      LiveRouter router,
      StateStore store,
      RequestMetrics metrics,
      DiffReports reports,
      JsonMapper jsonMapper,
      Clock clock,
      StranglerProperties properties) {
    return new PlanRunner(
        router, store, metrics, reports, jsonMapper, clock, properties.plans().evaluateInterval());
  }
}
