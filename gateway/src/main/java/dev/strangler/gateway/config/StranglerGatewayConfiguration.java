package dev.strangler.gateway.config;

import java.time.Clock;
import java.util.random.RandomGenerator;

import dev.strangler.gateway.filter.RequestMetricsFilter;
import dev.strangler.gateway.filter.StranglerRequestHeadersFilter;
import dev.strangler.gateway.filter.StranglerRoutingFilter;
import dev.strangler.gateway.metrics.FallbackMetrics;
import dev.strangler.gateway.metrics.RequestMetrics;
import dev.strangler.gateway.metrics.RolloutGauges;
import dev.strangler.gateway.route.LiveRouter;
import dev.strangler.gateway.route.RulesFileWatcher;
import dev.strangler.gateway.route.RulesSource;
import dev.strangler.gateway.state.RuntimeRollouts;
import dev.strangler.gateway.support.ProblemResponses;
import dev.strangler.gateway.support.RouteCircuitBreakers;
import dev.strangler.gateway.support.SpringPathPatterns;
import dev.strangler.gateway.support.ThreadLocalRandomGenerator;
import dev.strangler.rules.PathMatcherFactory;
import dev.strangler.rules.RulesFile;
import dev.strangler.rules.RulesParser;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the routing rules into Spring Cloud Gateway. */
@Configuration(proxyBeanMethods = false)
public class StranglerGatewayConfiguration {

  /** Id of the single Spring Cloud Gateway route that carries all traffic. */
  public static final String GATEWAY_ROUTE_ID = "strangler";

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  @ConditionalOnMissingBean
  RandomGenerator routingRandom() {
    return new ThreadLocalRandomGenerator();
  }

  @Bean
  PathMatcherFactory pathMatcherFactory() {
    return new SpringPathPatterns();
  }

  @Bean
  RulesParser rulesParser(PathMatcherFactory matchers) {
    return RulesParser.of(matchers);
  }

  @Bean
  RulesSource rulesSource(StranglerProperties properties) {
    return RulesSource.of(properties.rules().location());
  }

  /**
   * The router, with the runtime rollouts of the state store that the rules file has not
   * replaced meanwhile; the store follows every later change of the rules.
   */
  @Bean
  LiveRouter liveRouter(RulesSource source, RulesParser parser, PathMatcherFactory matchers, RandomGenerator random,
      StranglerProperties properties, RuntimeRollouts runtimeRollouts) {
    RulesFile rules = RulesFileWatcher.loadInitial(source, parser);
    LiveRouter router = new LiveRouter(rules, runtimeRollouts.inForce(rules), matchers, random,
        properties.override().token());
    router.onChange(runtimeRollouts::reconcile);
    return router;
  }

  @Bean
  RulesFileWatcher rulesFileWatcher(RulesSource source, RulesParser parser, LiveRouter router,
      StranglerProperties properties, Clock clock) {
    return new RulesFileWatcher(source, parser, router, properties.rules().pollInterval(), clock);
  }

  /**
   * One Spring Cloud Gateway route takes every request; {@link StranglerRoutingFilter} then
   * points it at legacy or modern.
   */
  @Bean
  RouteLocator stranglerRouteLocator(RouteLocatorBuilder builder) {
    return builder.routes()
      .route(GATEWAY_ROUTE_ID, route -> route.alwaysTrue().uri("http://strangler.invalid"))
      .build();
  }

  @Bean
  ProblemResponses problemResponses(JsonMapper jsonMapper) {
    return new ProblemResponses(jsonMapper);
  }

  @Bean
  StranglerRoutingFilter stranglerRoutingFilter(LiveRouter router, RouteCircuitBreakers breakers,
      FallbackMetrics fallbackMetrics, ProblemResponses problems, StranglerProperties properties) {
    return new StranglerRoutingFilter(router, breakers, fallbackMetrics, problems, properties.decisionHeaders(),
        properties.replay().maxBodyBytes().toBytes());
  }

  @Bean
  CircuitBreakerRegistry stranglerCircuitBreakerRegistry(MeterRegistry meterRegistry) {
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meterRegistry);
    return registry;
  }

  @Bean
  RouteCircuitBreakers routeCircuitBreakers(CircuitBreakerRegistry registry, Clock clock, LiveRouter router) {
    RouteCircuitBreakers breakers = new RouteCircuitBreakers(registry, clock);
    router.onChange(breakers::update);
    return breakers;
  }

  @Bean
  FallbackMetrics fallbackMetrics(MeterRegistry registry) {
    return new FallbackMetrics(registry);
  }

  @Bean
  StranglerRequestHeadersFilter stranglerRequestHeadersFilter() {
    return new StranglerRequestHeadersFilter();
  }

  @Bean
  RequestMetrics requestMetrics(MeterRegistry registry) {
    return new RequestMetrics(registry);
  }

  @Bean
  RequestMetricsFilter requestMetricsFilter(RequestMetrics metrics) {
    return new RequestMetricsFilter(metrics);
  }

  @Bean
  RolloutGauges rolloutGauges(MeterRegistry registry, LiveRouter router) {
    RolloutGauges gauges = new RolloutGauges(registry);
    router.onChange(gauges::update);
    return gauges;
  }

}
