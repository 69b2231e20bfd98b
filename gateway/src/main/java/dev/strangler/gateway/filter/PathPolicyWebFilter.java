package dev.strangler.gateway.filter;

import dev.strangler.gateway.metrics.PathRefusalMetrics;
import dev.strangler.gateway.route.LiveRouter;
import dev.strangler.gateway.support.ExchangeRoutingRequest;
import dev.strangler.gateway.support.ProblemResponses;
import dev.strangler.gateway.support.StranglerHeaders;
import dev.strangler.gateway.support.TrustedProxies;
import dev.strangler.rules.PathPolicy;
import dev.strangler.rules.PathRefusal;
import dev.strangler.rules.PathVerdict;
import java.net.URI;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses, first thing, a request whose path a backend may resolve to another path than the one the
 * routes are matched on ({@link PathPolicy}): {@code 400} with a problem document naming the reason
 * and the request id, never the path. Nothing of such a request is routed, mirrored or sent to a
 * backend; it is counted in {@code strangler_requests_refused_total{reason}}.
 *
 * <p>A web filter rather than a gateway filter, so that it runs before Spring Cloud Gateway's
 * handler and every global filter, an application's included. Requests whose request line the HTTP
 * server cannot parse (a raw space, backslash or control character, a malformed percent-encoding)
 * never get here: Reactor Netty and WebFlux answer them with a bare {@code 400}.
 */
final class PathPolicyWebFilter implements WebFilter, Ordered {

  /** Order: before everything else. */
  static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

  private static final URI PATH_REFUSED_TYPE =
      URI.create("https://strangler.dev/problems/path-refused");

  private final PathPolicy policy;

  private final LiveRouter router;

  private final TrustedProxies proxies;

  private final PathRefusalMetrics metrics;

  private final ProblemResponses problems;

  PathPolicyWebFilter(
      PathPolicy policy,
      LiveRouter router,
      TrustedProxies proxies,
      PathRefusalMetrics metrics,
      ProblemResponses problems) {
    this.policy = policy;
    this.router = router;
    this.proxies = proxies;
    this.metrics = metrics;
    this.problems = problems;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    String rawPath = request.getURI().getRawPath();
    PathVerdict verdict = policy.check(rawPath == null ? "" : rawPath);
    if (verdict.slashDecodedPath() != null) {
      verdict = policy.check(new ExchangeRoutingRequest(request, proxies), router.current());
    }
    PathRefusal refusal = verdict.refusal();
    if (refusal == null) {
      return chain.filter(exchange);
    }
    metrics.record(refusal);
    String requestId = RequestIds.of(exchange);
    exchange.getResponse().getHeaders().set(StranglerHeaders.REQUEST_ID, requestId);
    return problems.write(
        exchange.getResponse(),
        HttpStatus.BAD_REQUEST,
        PATH_REFUSED_TYPE,
        "The request path holds "
            + refusal.description()
            + ", which a backend may resolve to another path than the one routed.",
        Map.of("reason", refusal.tag(), "requestId", requestId));
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
