package dev.strangler.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.PRESERVE_HOST_HEADER_ATTRIBUTE;

import dev.strangler.gateway.support.SpringPathPatterns;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.RulesParser;
import dev.strangler.rules.Target;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.PrefixPathGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.SetRequestHeaderGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.SetRequestHostHeaderGatewayFilterFactory;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * How a side's filters shape one call, and why a call or a copy starts from the client's request.
 */
class RequestShapingTest {

  static final URI LEGACY = URI.create("http://legacy:8080");

  static final URI MODERN = URI.create("http://modern:8080");

  final AtomicInteger limiterCalls = new AtomicInteger();

  /** The filters the entries of these tests name, as the gateway's factory compiles them. */
  final Map<String, ShapingFilter> compiled =
      Map.of(
          "PrefixV2",
          filter(new PrefixPathGatewayFilterFactory().apply(c -> c.setPrefix("/v2"))),
          "PrefixLegacy",
          filter(new PrefixPathGatewayFilterFactory().apply(c -> c.setPrefix("/legacy"))),
          "SideModern",
          filter(
              new SetRequestHeaderGatewayFilterFactory()
                  .apply(c -> c.setName("X-Side").setValue("modern"))),
          "HostInternal",
          filter(new SetRequestHostHeaderGatewayFilterFactory().apply(c -> c.setHost("internal"))),
          "Refuse",
          filter(
              (exchange, chain) -> {
                exchange.getResponse().setStatusCode(HttpStatus.CONTENT_TOO_LARGE);
                exchange.getAttributes().put("refused", true);
                return exchange.getResponse().setComplete();
              }),
          "Boom",
          filter(
              (exchange, chain) -> {
                throw new IllegalStateException("boom");
              }),
          "Limit",
          new ShapingFilter(
              "orders.legacy",
              (exchange, chain) -> {
                limiterCalls.incrementAndGet();
                return chain.filter(exchange);
              },
              true,
              List.of(),
              Map.of()));

  final RulesParser parser =
      RulesParser.of(new SpringPathPatterns(), (site, entry) -> compiled.get(entry.name()));

  static ShapingFilter filter(GatewayFilter filter) {
    return new ShapingFilter("orders.side", filter, false, List.of(), Map.of());
  }

  RouteRule route(String keys) {
    return parser
        .parse(
            """
            legacy: http://legacy:8080
            routes:
              - id: orders
                paths: [/api/orders/**]
                modern: http://modern:8080
                mode: canary
            """
                + keys)
        .routes()
        .get(0);
  }

  static MockServerWebExchange exchange() {
    return MockServerWebExchange.from(
        MockServerHttpRequest.get("http://gateway:8080/api/orders/7?q=1")
            .header("Host", "gateway"));
  }

  /** The rest of the gateway's chain: remembers each exchange it is given. */
  static final class Next implements GatewayFilterChain {

    final List<ServerWebExchange> calls = new ArrayList<>();

    @Override
    public Mono<Void> filter(ServerWebExchange exchange) {
      calls.add(exchange);
      return Mono.empty();
    }

    ServerWebExchange last() {
      return calls.get(calls.size() - 1);
    }
  }

  @Test
  void call_withoutFilters_sendsTheClientsRequestToTheSide() {
    MockServerWebExchange exchange = exchange();
    Next next = new Next();

    RequestShaping.call(exchange, route(""), Target.MODERN, MODERN, next).block();

    assertThat(next.last()).isSameAs(exchange);
    assertThat(exchange.<URI>getAttribute(GATEWAY_REQUEST_URL_ATTR))
        .isEqualTo(URI.create("http://modern:8080/api/orders/7?q=1"));
    assertThat(RequestShaping.clientRequest(exchange)).isSameAs(exchange.getRequest());
    assertThat(RequestShaping.reachedBackend(exchange)).isTrue();
    assertThat(exchange.getAttributes()).doesNotContainKey(PRESERVE_HOST_HEADER_ATTRIBUTE);
  }

  @Test
  void call_withFilters_theSideGetsTheShapedRequest_theClientsIsKept() {
    MockServerWebExchange exchange = exchange();
    Next next = new Next();

    RequestShaping.call(
            exchange,
            route("    modern-filters: [PrefixV2, SideModern]\n"),
            Target.MODERN,
            MODERN,
            next)
        .block();

    ServerWebExchange shaped = next.last();
    assertThat(shaped.<URI>getAttribute(GATEWAY_REQUEST_URL_ATTR))
        .isEqualTo(URI.create("http://modern:8080/v2/api/orders/7?q=1"));
    assertThat(shaped.getRequest().getHeaders().getFirst("X-Side")).isEqualTo("modern");
    assertThat(RequestShaping.clientRequest(shaped)).isSameAs(exchange.getRequest());
    assertThat(RequestShaping.reachedBackend(exchange)).isTrue();
  }

  @Test
  void fallbackReplay_startsAgainFromTheClientsRequest_withNothingLeftOfModernsFilters() {
    RouteRule route =
        route(
            """
                modern-filters: [PrefixV2, HostInternal, SideModern]
                legacy-filters: [PrefixLegacy]
            """);
    MockServerWebExchange exchange = exchange();
    Next next = new Next();

    RequestShaping.call(exchange, route, Target.MODERN, MODERN, next).block();
    assertThat(exchange.getAttributes()).containsEntry(PRESERVE_HOST_HEADER_ATTRIBUTE, true);
    RequestShaping.call(exchange, route, Target.LEGACY, LEGACY, next).block();

    ServerWebExchange replay = next.last();
    assertThat(replay.<URI>getAttribute(GATEWAY_REQUEST_URL_ATTR))
        .as("legacy's PrefixPath runs, though modern's marked the exchange as prefixed")
        .isEqualTo(URI.create("http://legacy:8080/legacy/api/orders/7?q=1"));
    assertThat(replay.getRequest().getHeaders().getFirst("X-Side")).isNull();
    assertThat(replay.getRequest().getHeaders().getFirst("Host")).isEqualTo("gateway");
    assertThat(exchange.getAttributes()).doesNotContainKey(PRESERVE_HOST_HEADER_ATTRIBUTE);
  }

  @Test
  void preserveHost_withoutFilters_marksTheCall_andAFollowingCallOfTheRouteToo() {
    RouteRule route = route("    preserve-host: true\n");
    MockServerWebExchange exchange = exchange();

    RequestShaping.call(exchange, route, Target.MODERN, MODERN, new Next()).block();

    assertThat(exchange.getAttributes()).containsEntry(PRESERVE_HOST_HEADER_ATTRIBUTE, true);
    assertThat(RequestShaping.clientRequest(exchange)).isSameAs(exchange.getRequest());
  }

  @Test
  void filterAnsweringByItself_theSideIsNotCalled_andItIsKnown() {
    MockServerWebExchange exchange = exchange();
    Next next = new Next();

    RequestShaping.call(
            exchange, route("    modern-filters: [Refuse]\n"), Target.MODERN, MODERN, next)
        .block();

    assertThat(next.calls).isEmpty();
    assertThat(RequestShaping.reachedBackend(exchange)).isFalse();
    assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
  }

  @Test
  void filterThrowing_failsTheCallsMono_notItsCaller() {
    Mono<Void> call =
        RequestShaping.call(
            exchange(), route("    modern-filters: [Boom]\n"), Target.MODERN, MODERN, new Next());

    assertThatIllegalStateException().isThrownBy(call::block).withMessage("boom");
  }

  @Test
  void copy_shapedOnAnExchangeOfItsOwn_nothingReachesTheClients() {
    MockServerWebExchange exchange = exchange();
    RouteRule route = route("    modern-filters: [PrefixV2, HostInternal]\n");

    RequestShaping.Copy copy =
        RequestShaping.copy(exchange, route, Target.MODERN, MODERN, false).block();

    assertThat(copy).isNotNull();
    assertThat(copy.url()).isEqualTo(URI.create("http://modern:8080/v2/api/orders/7?q=1"));
    assertThat(copy.preserveHost()).isTrue();
    assertThat(copy.exchange().getRequest().getHeaders().getFirst("Host")).isEqualTo("internal");
    assertThat(exchange.getAttributes())
        .doesNotContainKeys(PRESERVE_HOST_HEADER_ATTRIBUTE, GATEWAY_REQUEST_URL_ATTR);
    assertThat(exchange.getRequest().getHeaders().getFirst("Host")).isEqualTo("gateway");
  }

  @Test
  void copy_refusedByAFilter_isEmpty_andTheClientsResponseUntouched() {
    MockServerWebExchange exchange = exchange();

    RequestShaping.Copy copy =
        RequestShaping.copy(
                exchange, route("    modern-filters: [Refuse]\n"), Target.MODERN, MODERN, false)
            .block();

    assertThat(copy).isNull();
    assertThat(exchange.getResponse().getStatusCode()).isNull();
    assertThat(exchange.getAttributes()).doesNotContainKey("refused");
  }

  @Test
  void copyWithoutFilters_isTheClientsRequest_pointedAtTheSide() {
    MockServerWebExchange exchange = exchange();

    RequestShaping.Copy copy =
        RequestShaping.copy(exchange, route(""), Target.LEGACY, LEGACY, false).block();

    assertThat(copy).isNotNull();
    assertThat(copy.exchange()).isSameAs(exchange);
    assertThat(copy.url()).isEqualTo(URI.create("http://legacy:8080/api/orders/7?q=1"));
    assertThat(copy.preserveHost()).isFalse();
  }

  @Test
  void copyForTheSecondLegacy_leavesRateLimitersOut() {
    RouteRule route = route("    legacy-filters: [Limit, PrefixLegacy]\n");
    URI secondary = URI.create("http://legacy-b:8080");

    RequestShaping.Copy copy =
        RequestShaping.copy(exchange(), route, Target.LEGACY, secondary, true).block();
    RequestShaping.copy(exchange(), route, Target.LEGACY, LEGACY, false).block();

    assertThat(copy).isNotNull();
    assertThat(copy.url()).isEqualTo(URI.create("http://legacy-b:8080/legacy/api/orders/7?q=1"));
    assertThat(limiterCalls).hasValue(1);
  }

  @Test
  void copy_filterThrowing_failsTheCopysMono_notItsCaller() {
    Mono<RequestShaping.Copy> copy =
        RequestShaping.copy(
            exchange(), route("    modern-filters: [Boom]\n"), Target.MODERN, MODERN, false);

    assertThatIllegalStateException().isThrownBy(copy::block).withMessage("boom");
  }
}
