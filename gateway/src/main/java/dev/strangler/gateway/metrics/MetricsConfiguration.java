package dev.strangler.gateway.metrics;

import dev.strangler.gateway.route.LiveRouter;
import dev.strangler.gateway.state.SharedFigures;
import dev.strangler.gateway.state.StateStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Strangler's meters; the rollout gauge follows every change of the router. */
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

  /** {@code strangler_state_store_up{store}}: 1 while the state store can be written, else 0. */
  @Bean
  Gauge stateStoreUpGauge(MeterRegistry registry, StateStore store) {
    return Gauge.builder(StranglerMetricNames.STATE_STORE_UP, store, s -> s.available() ? 1 : 0)
        .description("Whether the state store can be written (1) or not (0)")
        .tag(TagNames.STORE, store.kind())
        .register(registry);
  }
}
