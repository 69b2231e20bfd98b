package dev.strangler.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.strangler.gateway.support.CountingRateLimiter;
import dev.strangler.gateway.support.SpringPathPatterns;
import dev.strangler.rules.FilterEntry;
import dev.strangler.rules.FilterSite;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.RulesFile;
import dev.strangler.rules.RulesParser;
import dev.strangler.rules.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.cloud.gateway.event.FilterArgsEvent;
import org.springframework.cloud.gateway.filter.factory.AddResponseHeaderGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.GatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.PrefixPathGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.RemoveRequestHeaderGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.RequestRateLimiterGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.RequestSizeGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.RewritePathGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.SetPathGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.SetRequestHeaderGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.SetRequestHostHeaderGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.SetRequestUriGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.StripPrefixGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;
import reactor.core.publisher.Mono;

/** Checks of filter entries, with Spring Cloud Gateway's own factories and binding. */
class SpringCloudGatewayFiltersTest {

  static final FilterSite MODERN =
      new FilterSite(
          "orders", Target.MODERN, List.of("/api/orders/{id}", "/shop/orders/{id:\\d+}"));

  final LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean();

  final ConfigurationService configuration;

  final CountingRateLimiter limiter;

  final List<Object> published = new ArrayList<>();

  final SpringCloudGatewayFilters filters;

  SpringCloudGatewayFiltersTest() {
    validator.afterPropertiesSet();
    DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
    configuration =
        new ConfigurationService(
            beans, ApplicationConversionService::getSharedInstance, () -> validator);
    limiter = new CountingRateLimiter(configuration);
    KeyResolver anyKey = exchange -> Mono.just("key");
    List<GatewayFilterFactory<?>> factories =
        List.of(
            new StripPrefixGatewayFilterFactory(),
            new PrefixPathGatewayFilterFactory(),
            new RewritePathGatewayFilterFactory(),
            new SetPathGatewayFilterFactory(),
            new SetRequestHeaderGatewayFilterFactory(),
            new RemoveRequestHeaderGatewayFilterFactory(),
            new SetRequestHostHeaderGatewayFilterFactory(),
            new RequestSizeGatewayFilterFactory(),
            new RequestRateLimiterGatewayFilterFactory(limiter, anyKey),
            new AddResponseHeaderGatewayFilterFactory(),
            new SetRequestUriGatewayFilterFactory(),
            new RetryGatewayFilterFactory());
    filters = new SpringCloudGatewayFilters(factories, configuration, beans, published::add);
  }

  @AfterEach
  void closeValidator() {
    validator.close();
  }

  ShapingFilter compile(String shortcut) {
    return (ShapingFilter) filters.compile(MODERN, FilterEntry.shortcut(shortcut));
  }

  String refusal(FilterSite site, FilterEntry entry) {
    return assertThatIllegalArgumentException()
        .isThrownBy(() -> filters.compile(site, entry))
        .actual()
        .getMessage();
  }

  String refusal(String shortcut) {
    return refusal(MODERN, FilterEntry.shortcut(shortcut));
  }

  @Test
  void allowedFilter_compiledBySpringCloudGatewaysFactory_forTheRoutesSide() {
    ShapingFilter strip = compile("StripPrefix=2");

    assertThat(strip.routeKey()).isEqualTo("orders.modern");
    assertThat(strip.filter().toString()).contains("StripPrefix").contains("2");
    assertThat(strip.limiter()).isFalse();
    assertThat(strip.variableSources()).isEmpty();
    assertThat(published).isEmpty();
  }

  @Test
  void unknownName_listsTheAllowedFilters() {
    assertThat(refusal("Foo=1"))
        .isEqualTo(
            "one of "
                + String.join(", ", SpringCloudGatewayFilters.ALLOWED)
                + " (Spring Cloud Gateway's request filters)");
  }

  @Test
  void responseFilter_refusedWithTheReason() {
    assertThat(refusal("AddResponseHeader=X-A, b"))
        .isEqualTo(
            "a filter that shapes the request; AddResponseHeader changes the backend's answer,"
                + " which the shadow diff must see as the backend sent it");
    assertThat(refusal("SetRequestUri=http://elsewhere")).contains("changes where the call goes");
    assertThat(refusal("Retry=3")).contains("the route's fallback and circuit breaker do that");
  }

  @Test
  void allowedButAbsentFactory_saysSo() {
    SpringCloudGatewayFilters without =
        new SpringCloudGatewayFilters(
            List.of(), configuration, new DefaultListableBeanFactory(), published::add);

    assertThat(
            assertThatIllegalArgumentException()
                .isThrownBy(
                    () ->
                        without.compile(
                            MODERN,
                            FilterEntry.named(
                                "RequestRateLimiter",
                                Map.of("redis-rate-limiter.replenishRate", "1"))))
                .actual()
                .getMessage())
        .contains("RequestRateLimiter counts in Redis, which the gateway uses with")
        .contains("strangler.state.store=redis");
  }

  @Test
  void moreShortcutArgumentsThanFields_refused() {
    assertThat(refusal("StripPrefix=1, 2")).isEqualTo("StripPrefix=<parts> (2 arguments for 1)");
    assertThat(refusal("RequestSize=1MB"))
        .isEqualTo(
            "RequestSize, or RequestSize with arguments by name ({name: RequestSize, args: {…}})"
                + " (no arguments in the shortcut form)");
  }

  @Test
  void argumentOfTheWrongType_refusedWithTheBindersReason() {
    assertThat(refusal("StripPrefix=x")).startsWith("StripPrefix=<parts> (").contains("x");
  }

  @Test
  void missingArgument_refusedNamingIt() {
    assertThat(refusal("SetRequestHostHeader"))
        .isEqualTo("SetRequestHostHeader=<host> (host is missing)");
    assertThat(refusal("SetRequestHeader=X-Env"))
        .startsWith("SetRequestHeader=<name>, <value> (value ");
    assertThat(refusal("RemoveRequestHeader")).startsWith("RemoveRequestHeader=<name> (");
  }

  @Test
  void headerTheGatewaySetsItself_refused_insteadOfDoingNothing() {
    assertThat(refusal("SetRequestHeader=X-Forwarded-Host, public.example.com"))
        .isEqualTo(
            "a header the gateway does not set itself; X-Forwarded-Host is set or removed by the"
                + " gateway after the filters");
    assertThat(refusal("SetRequestHeader=Host, orders.internal"))
        .endsWith("(SetRequestHostHeader sets it)");
    assertThat(refusal("SetRequestHeader=x-strangler-shadow, true")).contains("x-strangler-shadow");
    assertThat(compile("SetRequestHeader=X-Request-Id-Origin, strangler").filter()).isNotNull();
  }

  @Test
  void regexThatDoesNotCompile_refusedWithTheReasonOnOneLine() {
    String reason = refusal("RewritePath=/(?<rest.*, /v2/${rest}");

    assertThat(reason).startsWith("RewritePath=<regexp>, <replacement> (").doesNotContain("\n");
  }

  @Test
  void templateVariables_mustBeCapturedByEveryPathOfTheRoute() {
    assertThat(compile("SetPath=/v2/orders/{id}").variableSources()).hasSize(2);
    assertThat(compile("SetRequestHeader=X-Order, {id}").variableSources()).hasSize(2);

    assertThat(refusal("SetPath=/v2/{order}"))
        .isEqualTo(
            "template variables that every path of the route captures; /api/orders/{id} has no"
                + " {order}");
    FilterSite mixed =
        new FilterSite("orders", Target.LEGACY, List.of("/api/orders/{id}", "/orders/**"));
    assertThat(refusal(mixed, FilterEntry.shortcut("PrefixPath=/{id}")))
        .isEqualTo(
            "template variables that every path of the route captures; /orders/** has no {id}");
  }

  @Test
  void regexBraces_areNotTemplateVariables() {
    assertThat(compile("RewritePath=/api/orders/(?<id>[0-9]{1}), /v2/${id}").variableSources())
        .isEmpty();
  }

  @Test
  void patternVariables_ofSpringPathPatterns() {
    assertThat(SpringCloudGatewayFilters.patternVariables("/a/{id}/{code:[a-z]{2}}/{*rest}"))
        .containsExactly("id", "code", "rest");
    assertThat(SpringCloudGatewayFilters.patternVariables("/a/**")).isEmpty();
  }

  @Test
  void namedForm_boundByName_unknownArgumentRefused() {
    ShapingFilter size =
        (ShapingFilter)
            filters.compile(MODERN, FilterEntry.named("RequestSize", Map.of("max-size", "1KB")));
    assertThat(size.filter().toString()).contains("1024B");

    assertThat(refusal(MODERN, FilterEntry.named("RequestSize", Map.of("maxSise", "1KB"))))
        .endsWith("(maxSise is not an argument of it)");
  }

  @Test
  void expression_refusedEvenWhenTheParserDidNotRefuseIt() {
    assertThat(refusal("SetPath=#{@environment}")).isEqualTo("no #{ in a filter");
  }

  @Test
  void rateLimiter_perRouteAndSide_limitsPublishedOnlyWhenTheRulesGoInForce() {
    RulesFile rules =
        RulesParser.of(new SpringPathPatterns(), filters)
            .parse(
                """
                legacy: http://legacy:8080
                routes:
                  - id: orders
                    paths: [/api/orders/**]
                    modern: http://modern:8080
                    mode: canary
                    modern-filters:
                      - name: RequestRateLimiter
                        args: {counting-rate-limiter.limit: 2}
                    legacy-filters:
                      - name: RequestRateLimiter
                        args: {counting-rate-limiter: {limit: 5}}
                """);
    RouteRule route = rules.routes().get(0);
    ShapingFilter modern = route.modernFilters().get(0).compiled(ShapingFilter.class);

    assertThat(modern.limiter()).isTrue();
    assertThat(modern.routeKey()).isEqualTo("orders.modern");
    assertThat(published).isEmpty();
    assertThat(limiter.configOf("orders.modern")).isNull();

    filters.activate(rules);

    assertThat(published)
        .map(event -> ((FilterArgsEvent) event).getRouteId())
        .containsExactlyInAnyOrder("orders.modern", "orders.legacy");
    published.forEach(event -> limiter.onApplicationEvent((FilterArgsEvent) event));
    assertThat(limiter.configOf("orders.modern").getLimit()).isEqualTo(2);
    assertThat(limiter.configOf("orders.legacy").getLimit()).isEqualTo(5);
  }

  @Test
  void rateLimiter_invalidLimits_refusedAtLoad_asTheLimiterWouldBindThem() {
    assertThat(
            refusal(
                MODERN,
                FilterEntry.named(
                    "RequestRateLimiter", Map.of("counting-rate-limiter.limit", "0"))))
        .startsWith("RequestRateLimiter, or RequestRateLimiter with arguments by name")
        .endsWith("(limit must be greater than or equal to 1)");
    assertThat(
            refusal(
                MODERN,
                FilterEntry.named(
                    "RequestRateLimiter", Map.of("counting-rate-limiter.limit", "x"))))
        .contains("x");
  }

  @Test
  void rateLimiter_routeIdArgument_refused() {
    assertThat(
            refusal(
                MODERN,
                FilterEntry.named(
                    "RequestRateLimiter",
                    Map.of("routeId", "other", "counting-rate-limiter.limit", "1"))))
        .endsWith("(routeId is set by the gateway: one per route and side)");
  }
}
