package dev.strangler.gateway.plan;

import dev.strangler.gateway.StranglerProperties;
import dev.strangler.gateway.metrics.PlanMetrics;
import dev.strangler.gateway.route.LiveRouter;
import dev.strangler.gateway.state.PlanLease;
import dev.strangler.gateway.state.SharedFigures;
import dev.strangler.gateway.state.StateStore;
import dev.strangler.shadow.DiffReports;
import java.time.Clock;
import java.util.random.RandomGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The plan runner and the figures it judges, unless {@code strangler.plans.enabled} is false. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "strangler.plans", name = "enabled", matchIfMissing = true)
class PlanConfiguration {

  /**
   * The evidence of the plans' steps, following the plan states: when this replica or another moves
   * a plan, and when the rules change.
   */
  @Bean
  PlanEvidence planEvidence(
      LiveRouter router,
      StateStore store,
      DiffReports reports,
      JsonMapper jsonMapper,
      Clock clock,
      RandomGenerator routingRandom,
      StranglerProperties properties) {
    PlanEvidence evidence =
        new PlanEvidence(
            router,
            store,
            reports,
            jsonMapper,
            clock,
            System::nanoTime,
            routingRandom,
            properties.plans().latencySamples());
    evidence.sync();
    store.onChanged(event -> evidence.sync());
    router.onRulesReloaded(event -> evidence.sync());
    router.onRolloutChanged(event -> evidence.sync());
    router.onSharedStateApplied(event -> evidence.sync());
    return evidence;
  }

  @Bean
  PlanFigures planFigures(PlanEvidence evidence, SharedFigures shared, JsonMapper jsonMapper) {
    return new PlanFigures(evidence, shared, jsonMapper);
  }

  @Bean
  PlanRunner planRunner(
      LiveRouter router,
      StateStore store,
      PlanLease lease,
      PlanFigures figures,
      PlanEvidence evidence,
      PlanMetrics planMetrics,
      JsonMapper jsonMapper,
      Clock clock,
      StranglerProperties properties) {
    return new PlanRunner(
        router,
        store,
        lease,
        figures,
        evidence,
        planMetrics,
        jsonMapper,
        clock,
        properties.plans().evaluateInterval());
  }
}
