package dev.strangler.gateway.filter;

import dev.strangler.gateway.StranglerProperties;
import dev.strangler.gateway.client.BackendClients;
import dev.strangler.gateway.metrics.BackendRetryMetrics;
import dev.strangler.gateway.metrics.FallbackMetrics;
import dev.strangler.gateway.metrics.PathRefusalMetrics;
import dev.strangler.gateway.metrics.RequestMetrics;
import dev.strangler.gateway.plan.PlanEvidence;
import dev.strangler.gateway.progress.CatchAllShapes;
import dev.strangler.gateway.route.LiveRouter;
import dev.strangler.gateway.shadow.ShadowMirror;
import dev.strangler.gateway.support.EventLoopSchedulers;
import dev.strangler.gateway.support.ProblemResponses;
import dev.strangler.gateway.support.TrustedProxies;
import dev.strangler.gateway.tracing.ConditionalOnTracing;
import dev.strangler.gateway.tracing.RequestTracing;
import dev.strangler.rules.PathPolicy;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
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
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.netty.http.client.HttpClient;

/**
 * The request pipeline on Spring Cloud Gateway: one route that takes every request, Strangler's
 * global filters and header filters, and the proxying filters they go with. The circuit breakers of
 * modern calls follow every rules reload.
 */
@Configuration(proxyBeanMethods = false)
class FilterConfiguration {

  /** Id of the single Spring Cloud Gateway route that carries all traffic. */
  static final String GATEWAY_ROUTE_ID = "strangler";

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
  CircuitBreakerRegistry stranglerCircuitBreakerRegistry(MeterRegistry meterRegistry) {
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meterRegistry);
    return registry;
  }

  @Bean
  RouteCircuitBreakers routeCircuitBreakers(
      CircuitBreakerRegistry registry, Clock clock, LiveRouter router) {
    RouteCircuitBreakers breakers = new RouteCircuitBreakers(registry, clock);
    breakers.update(router.current().rules());
    router.onRulesReloaded(event -> breakers.update(event.rules()));
    return breakers;
  }

  @Bean
  StranglerRoutingFilter stranglerRoutingFilter(
      LiveRouter router,
      RouteCircuitBreakers breakers,
      FallbackMetrics fallbackMetrics,
      BackendRetryMetrics retryMetrics,
      ProblemResponses problems,
      EventLoopSchedulers timers,
      TrustedProxies proxies,
      ObjectProvider<RequestTracing> tracing,
      StranglerProperties properties) {
    return new StranglerRoutingFilter(
        router,
        breakers,
        fallbackMetrics,
        retryMetrics,
        problems,
        timers,
        proxies,
        tracing.getIfAvailable(),
        new AssignedCookies(properties.assignCookie().maxAge(), proxies),
        properties.decisionHeaders(),
        properties.replay().maxBodyBytes().toBytes());
  }

  @Bean
  RoutingDecisionFilter routingDecisionFilter(StranglerRoutingFilter routing) {
    return new RoutingDecisionFilter(routing);
  }

  /** With plans disabled there is no evidence to record. */
  @Bean
  RequestMetricsFilter requestMetricsFilter(
      RequestMetrics metrics,
      CatchAllShapes catchAllShapes,
      ObjectProvider<PlanEvidence> evidence) {
    return new RequestMetricsFilter(metrics, catchAllShapes, evidence.getIfAvailable());
  }

  @Bean
  ShadowFilter shadowFilter(
      ShadowMirror mirror,
      ProxyHeaderFilters headersFilters,
      ObjectProvider<RequestTracing> tracing,
      StranglerProperties properties) {
    return new ShadowFilter(
        mirror,
        headersFilters,
        tracing.getIfAvailable(),
        properties.replay().maxBodyBytes().toBytes());
  }

  /**
   * The key of the rate limits of routes' {@code RequestRateLimiter} filters: the route's sticky
   * key, else the client's address. Spring Cloud Gateway's factory takes the one key resolver bean;
   * an application's own replaces this one.
   */
  @Bean
  @ConditionalOnMissingBean(KeyResolver.class)
  KeyResolver stranglerKeyResolver(TrustedProxies proxies) {
    return new StickyKeyResolver(proxies);
  }

  /**
   * Spring Cloud Gateway's Redis rate limiter for routes' {@code RequestRateLimiter} filters, on
   * the Redis of the redis state store, with its Lua script read and hashed once at start-up:
   * Spring Cloud Gateway's own bean reads the script from its jar on the first request and checks
   * the file's time on every call, on an event loop (BlockHound's find). Without the redis store
   * there is no rate limiter, and a {@code RequestRateLimiter} entry is refused at load.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      prefix = "strangler.state",
      name = "store",
      havingValue = StranglerProperties.State.REDIS)
  static class RedisRateLimiting {

    /** The script Spring Cloud Gateway's limiter runs, in its jar. */
    static final String SCRIPT = "META-INF/scripts/request_rate_limiter.lua";

    @Bean
    RedisRateLimiter stranglerRedisRateLimiter(
        ReactiveStringRedisTemplate redis, ConfigurationService configuration) throws IOException {
      return new RedisRateLimiter(redis, script(), configuration);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static RedisScript<List<Long>> script() throws IOException {
      DefaultRedisScript<List<Long>> script = new DefaultRedisScript<>();
      script.setScriptText(
          new ClassPathResource(SCRIPT).getContentAsString(StandardCharsets.UTF_8));
      script.setResultType((Class) List.class);
      script.getSha1();
      return script;
    }
  }

  @Bean
  StranglerRequestHeadersFilter stranglerRequestHeadersFilter(
      TrustedProxies proxies, ObjectProvider<RequestTracing> tracing) {
    return new StranglerRequestHeadersFilter(proxies, tracing.getIfAvailable());
  }

  /** The span of every proxied request, while tracing is on. */
  @Bean
  @ConditionalOnTracing
  RequestTracingFilter requestTracingFilter(RequestTracing tracing) {
    return new RequestTracingFilter(tracing);
  }

  @Bean
  PathPolicy pathPolicy(StranglerProperties properties) {
    try {
      return PathPolicy.builder()
          .allowedParameters(properties.paths().allowedParameters())
          .allowEncodedSlash(properties.paths().allowEncodedSlash())
          .build();
    } catch (IllegalArgumentException ex) {
      // the library names the setting, the gateway its property
      throw new IllegalArgumentException(
          StranglerProperties.PREFIX + ".paths." + ex.getMessage(), ex);
    }
  }

  /** Refuses confusing request paths before anything else runs, on every port. */
  @Bean
  PathPolicyWebFilter pathPolicyWebFilter(
      PathPolicy policy,
      LiveRouter router,
      TrustedProxies proxies,
      PathRefusalMetrics metrics,
      ProblemResponses problems) {
    return new PathPolicyWebFilter(policy, router, proxies, metrics, problems);
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
   * Spring Cloud Gateway's proxying filter with {@link ProxyHeaderFilters}, sending each call on a
   * pooled connection of its own event loop and second attempts on new connections ({@link
   * BackendClients}); its own instance is off ({@code
   * spring.cloud.gateway.server.webflux.global-filter.netty-routing.enabled=false}).
   */
  @Bean
  NettyRoutingFilter stranglerNettyRoutingFilter(
      HttpClient httpClient,
      BackendClients backendClients,
      ProxyHeaderFilters filters,
      HttpClientProperties properties) {
    return backendClients.routingFilter(httpClient, filters.provider(), properties);
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

  /** Answers that came whole from their backend are written with their head in one go. */
  @Bean
  SingleWriteFilter singleWriteFilter() {
    return new SingleWriteFilter();
  }

  /** Writes the proxied response; goes with {@link #stranglerNettyRoutingFilter}. */
  @Bean
  NettyWriteResponseFilter stranglerNettyWriteResponseFilter(
      GatewayProperties properties, ProxyHeaderFilters filters) {
    return new NettyWriteResponseFilter(properties.getStreamingMediaTypes(), filters.provider());
  }
}
