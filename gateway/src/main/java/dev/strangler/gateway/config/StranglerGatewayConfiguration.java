package dev.strangler.gateway.config;

import dev.strangler.gateway.admin.DiffsSource;
import dev.strangler.gateway.filter.ProxyHeaderFilters;
import dev.strangler.gateway.filter.RequestMetricsFilter;
import dev.strangler.gateway.filter.RoutingDecisionFilter;
import dev.strangler.gateway.filter.ShadowFilter;
import dev.strangler.gateway.filter.StranglerRequestHeadersFilter;
import dev.strangler.gateway.filter.StranglerResponseHeadersFilter;
import dev.strangler.gateway.filter.StranglerRoutingFilter;
import dev.strangler.gateway.metrics.FallbackMetrics;
import dev.strangler.gateway.metrics.RequestMetrics;
import dev.strangler.gateway.metrics.RolloutGauges;
import dev.strangler.gateway.metrics.ShadowMetrics;
import dev.strangler.gateway.plan.PlanRunner;
import dev.strangler.gateway.route.LiveRouter;
import dev.strangler.gateway.route.RulesFileWatcher;
import dev.strangler.gateway.route.RulesSource;
import dev.strangler.gateway.shadow.ShadowBreakers;
import dev.strangler.gateway.shadow.ShadowClient;
import dev.strangler.gateway.shadow.ShadowComparators;
import dev.strangler.gateway.shadow.ShadowDiffsSource;
import dev.strangler.gateway.shadow.ShadowMirror;
import dev.strangler.gateway.shadow.ShadowSlots;
import dev.strangler.gateway.state.RuntimeRollouts;
import dev.strangler.gateway.support.EventLoopSchedulers;
import dev.strangler.gateway.support.ProblemResponses;
import dev.strangler.gateway.support.RouteCircuitBreakers;
import dev.strangler.gateway.support.SpringPathPatterns;
import dev.strangler.gateway.support.ThreadLocalRandomGenerator;
import dev.strangler.rules.PathMatcherFactory;
import dev.strangler.rules.RulesFile;
import dev.strangler.rules.RulesParser;
import dev.strangler.shadow.DiffReport;
import dev.strangler.shadow.DiffReports;
import dev.strangler.shadow.NoiseThresholds;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.random.RandomGenerator;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

/** Wires the routing rules into Spring Cloud Gateway. */
@Configuration(proxyBeanMethods = false)
public class StranglerGatewayConfiguration {

  /** Field paths kept per route in the diff report; the least recently seen go first. */
  static final int DIFF_FIELDS_PER_ROUTE = 500;

  /** Redacted samples kept per field of the diff report. */
  static final int SAMPLES_PER_FIELD = 5;

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
   * The router, with the runtime rollouts of the state store that the rules file has not replaced
   * meanwhile; the store follows every later change of the rules.
   */
  @Bean
  LiveRouter liveRouter(
      RulesSource source,
      RulesParser parser,
      PathMatcherFactory matchers,
      RandomGenerator random,
      StranglerProperties properties,
      RuntimeRollouts runtimeRollouts) {
    RulesFile rules = RulesFileWatcher.loadInitial(source, parser);
    LiveRouter router =
        new LiveRouter(
            rules, runtimeRollouts.inForce(rules), matchers, random, properties.override().token());
    router.onChange(runtimeRollouts::reconcile);
    return router;
  }

  @Bean
  RulesFileWatcher rulesFileWatcher(
      RulesSource source,
      RulesParser parser,
      LiveRouter router,
      StranglerProperties properties,
      Clock clock) {
    return new RulesFileWatcher(source, parser, router, properties.rules().pollInterval(), clock);
  }

  /**
   * One Spring Cloud Gateway route takes every request; {@link StranglerRoutingFilter} then points
   * it at legacy or modern.
   */
  @Bean
  RouteLocator stranglerRouteLocator(RouteLocatorBuilder builder) {
    return builder
        .routes()
        .route(GATEWAY_ROUTE_ID, route -> route.alwaysTrue().uri("http://strangler.invalid"))
        .build();
  }

  @Bean
  ProblemResponses problemResponses(JsonMapper jsonMapper) {
    return new ProblemResponses(jsonMapper);
  }

  @Bean
  EventLoopSchedulers eventLoopSchedulers() {
    return new EventLoopSchedulers();
  }

  @Bean
  StranglerRoutingFilter stranglerRoutingFilter(
      LiveRouter router,
      RouteCircuitBreakers breakers,
      FallbackMetrics fallbackMetrics,
      ProblemResponses problems,
      EventLoopSchedulers timers,
      StranglerProperties properties) {
    return new StranglerRoutingFilter(
        router,
        breakers,
        fallbackMetrics,
        problems,
        timers,
        properties.decisionHeaders(),
        properties.replay().maxBodyBytes().toBytes());
  }

  @Bean
  CircuitBreakerRegistry stranglerCircuitBreakerRegistry(MeterRegistry meterRegistry) {
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meterRegistry);
    return registry;
  }

  @Bean
  RouteCircuitBreakers routeCircuitBreakers(
      CircuitBreakerRegistry registry, Clock clock, LiveRouter router) {
    RouteCircuitBreakers breakers = new RouteCircuitBreakers(registry, clock);
    router.onChange(breakers::update);
    return breakers;
  }

  @Bean(destroyMethod = "dispose")
  ShadowClient shadowClient(StranglerProperties properties) {
    return new ShadowClient(properties.shadow().maxConcurrent());
  }

  @Bean
  ShadowComparators shadowComparators(LiveRouter router) {
    ShadowComparators comparators = new ShadowComparators();
    router.onChange(comparators::update);
    return comparators;
  }

  @Bean
  DiffReports diffReports(LiveRouter router, Clock clock) {
    return DiffReports.of(
        routeId ->
            DiffReport.create(
                routeId,
                NoiseThresholds.defaults(),
                router
                    .current()
                    .route(routeId)
                    .map(route -> route.shadow().redactFields())
                    .orElse(List.of()),
                DIFF_FIELDS_PER_ROUTE,
                SAMPLES_PER_FIELD,
                clock));
  }

  @Bean
  @ConditionalOnProperty(prefix = "strangler.plans", name = "enabled", matchIfMissing = true)
  PlanRunner planRunner(
      LiveRouter router,
      RuntimeRollouts rollouts,
      RequestMetrics metrics,
      DiffReports reports,
      JsonMapper jsonMapper,
      Clock clock,
      StranglerProperties properties) {
    return new PlanRunner(
        router,
        rollouts,
        metrics,
        reports,
        jsonMapper,
        clock,
        properties.plans().evaluateInterval());
  }

  @Bean
  DiffsSource diffsSource(DiffReports reports) {
    return new ShadowDiffsSource(reports);
  }

  @Bean
  ShadowMetrics shadowMetrics(MeterRegistry registry) {
    return new ShadowMetrics(registry);
  }

  @Bean(destroyMethod = "dispose")
  Scheduler shadowCompareScheduler() {
    return Schedulers.newParallel(
        "strangler-shadow-compare", Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
  }

  @Bean
  ShadowMirror shadowMirror(
      ShadowClient client,
      ShadowComparators comparators,
      DiffReports reports,
      ShadowMetrics metrics,
      Scheduler shadowCompareScheduler,
      EventLoopSchedulers timers,
      Clock clock,
      StranglerProperties properties) {
    return new ShadowMirror(
        client,
        comparators,
        reports,
        metrics,
        shadowCompareScheduler,
        timers,
        new ShadowBreakers(clock),
        new ShadowSlots(properties.shadow().maxConcurrent(), properties.shadow().perRoute()),
        (int) Math.min(Integer.MAX_VALUE, properties.shadow().maxCompareBytes().toBytes()));
  }

  @Bean
  ShadowFilter shadowFilter(
      ShadowMirror mirror, ProxyHeaderFilters headersFilters, StranglerProperties properties) {
    return new ShadowFilter(mirror, headersFilters, properties.replay().maxBodyBytes().toBytes());
  }

  @Bean
  FallbackMetrics fallbackMetrics(MeterRegistry registry) {
    return new FallbackMetrics(registry);
  }

  @Bean
  RoutingDecisionFilter routingDecisionFilter(StranglerRoutingFilter routing) {
    return new RoutingDecisionFilter(routing);
  }

  @Bean
  StranglerRequestHeadersFilter stranglerRequestHeadersFilter() {
    return new StranglerRequestHeadersFilter();
  }

  @Bean
  StranglerResponseHeadersFilter stranglerResponseHeadersFilter() {
    return new StranglerResponseHeadersFilter();
  }

  @Bean
  ProxyHeaderFilters proxyHeaderFilters(ObjectProvider<HttpHeadersFilter> filters) {
    return ProxyHeaderFilters.of(filters.orderedStream().toList());
  }

  /**
   * Spring Cloud Gateway's proxying filter with {@link ProxyHeaderFilters}; its own instance is off
   * ({@code spring.cloud.gateway.server.webflux.global-filter.netty-routing.enabled=false}).
   */
  @Bean
  NettyRoutingFilter stranglerNettyRoutingFilter(
      HttpClient httpClient, ProxyHeaderFilters filters, HttpClientProperties properties) {
    return new NettyRoutingFilter(httpClient, filters.provider(), properties);
  }

  /**
   * Refuses to start when Spring Cloud Gateway's own {@code NettyRoutingFilter} was switched back
   * on: two routing filters and two response writers would write every answer twice.
   */
  @Bean
  SmartInitializingSingleton singleNettyRoutingFilter(ListableBeanFactory beans) {
    return () -> {
      int routingFilters = beans.getBeanNamesForType(NettyRoutingFilter.class).length;
      if (routingFilters != 1) {
        throw new IllegalStateException(
            "spring.cloud.gateway.server.webflux.global-filter.netty-routing.enabled: "
                + "true (expected: false; Strangler declares its own NettyRoutingFilter, found "
                + routingFilters
                + ")");
      }
    };
  }

  /** Writes the proxied response; goes with {@link #stranglerNettyRoutingFilter}. */
  @Bean
  NettyWriteResponseFilter stranglerNettyWriteResponseFilter(
      GatewayProperties properties, ProxyHeaderFilters filters) {
    return new NettyWriteResponseFilter(properties.getStreamingMediaTypes(), filters.provider());
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
