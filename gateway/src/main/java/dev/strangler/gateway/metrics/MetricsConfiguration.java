package dev.strangler.gateway.metrics;

import dev.strangler.gateway.route.LiveRouter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
    return gauges;
  }
}
