package dev.strangler.gateway.metrics;

import dev.strangler.gateway.route.LiveRouter;
import dev.strangler.gateway.route.RulesFileWatcher;
import dev.strangler.gateway.state.SharedFigures;
import dev.strangler.gateway.state.StateStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Strangler's meters; the rollout gauge follows every change of the router, the reload and plan
 * meters every rules file the watcher puts in force or refuses.
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

  @Bean
  RequestMetrics requestMetrics(MeterRegistry registry) {
    return new RequestMetrics(registry);
  }

  @Bean
  FallbackMetrics fallbackMetrics(MeterRegistry registry) {
    return new FallbackMetrics(registry);
  }

  @Bean
  BackendRetryMetrics backendRetryMetrics(MeterRegistry registry) {
    return new BackendRetryMetrics(registry);
  }

  @Bean
  ShadowMetrics shadowMetrics(MeterRegistry registry) {
    return new ShadowMetrics(registry);
  }

  @Bean
  PathRefusalMetrics pathRefusalMetrics(MeterRegistry registry) {
    return new PathRefusalMetrics(registry);
  }

  @Bean
  RolloutGauges rolloutGauges(MeterRegistry registry, LiveRouter router) {
    RolloutGauges gauges = new RolloutGauges(registry);
    gauges.update(router.current());
    router.onRulesReloaded(event -> gauges.update(event.router()));
    router.onRolloutChanged(event -> gauges.update(event.router()));
    router.onSharedStateApplied(event -> gauges.update(event.router()));
    return gauges;
  }

  @Bean
  SharedRequestFigures sharedRequestFigures(
      RequestMetrics metrics, SharedFigures shared, JsonMapper jsonMapper) {
    return new SharedRequestFigures(metrics, shared, jsonMapper);
  }

  @Bean
  ActiveRouteMeters activeRouteMeters(
      FallbackMetrics fallbacks, ShadowMetrics shadows, LiveRouter router) {
    ActiveRouteMeters meters = new ActiveRouteMeters(fallbacks, shadows);
    meters.update(router.current());
    router.onRulesReloaded(event -> meters.update(event.router()));
    router.onRolloutChanged(event -> meters.update(event.router()));
    router.onSharedStateApplied(event -> meters.update(event.router()));
    return meters;
  }

  @Bean
  RulesReloadMetrics rulesReloadMetrics(
      MeterRegistry registry, LiveRouter router, RulesFileWatcher watcher) {
    RulesReloadMetrics metrics = new RulesReloadMetrics(registry);
    router.onRulesReloaded(event -> metrics.applied());
    watcher.onRulesRefused(event -> metrics.refused());
    return metrics;
  }

  /**
   * {@code strangler_rules_refused}: 1 while the rules file in place is refused, so that an alert
   * fires for as long as the file and the rules in force differ.
   */
  @Bean
  Gauge rulesRefusedGauge(MeterRegistry registry, RulesFileWatcher watcher) {
    return Gauge.builder(
            StranglerMetricNames.RULES_REFUSED, watcher, w -> w.status().failing() ? 1 : 0)
        .description("Whether the rules file in place is refused (1) or in force (0)")
        .register(registry);
  }

  @Bean
  PlanMetrics planMetrics(MeterRegistry registry, LiveRouter router) {
    PlanMetrics metrics = new PlanMetrics(registry);
    metrics.register(router.current().rules());
    router.onRulesReloaded(event -> metrics.register(event.rules()));
    return metrics;
  }

  /** {@code strangler_state_store_up{store}}: 1 while the state store can be written, else 0. */
  @Bean
  Gauge stateStoreUpGauge(MeterRegistry registry, StateStore store) {
    return Gauge.builder(StranglerMetricNames.STATE_STORE_UP, store, s -> s.available() ? 1 : 0)
        .description("Whether the state store can be written (1) or not (0)")
        .tag(TagNames.STORE, store.kind())
        .register(registry);
  }
}
