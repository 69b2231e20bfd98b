package dev.strangler.gateway.filter;

import dev.strangler.gateway.route.RequestShaping;
import dev.strangler.gateway.support.ExchangeRoutingRequest;
import dev.strangler.gateway.support.TrustedProxies;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.RoutingDecision;
import dev.strangler.rules.StickySource;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The key by which a {@code RequestRateLimiter} of a route's filters counts requests: the route's
 * sticky key, the value of the first {@code sticky-by} source present, as the canary buckets by it
 * (so a user's budget is the user's on either side); without one, the client's address (behind a
 * trusted proxy, the address it forwards, as the {@code ip} sticky source reads it), so that a
 * client cannot leave the limit by leaving out a header. Read from the request as the client sent
 * it, whatever filters ran before the limiter.
 *
 * <p>A request without any key (no sticky source and no address) gets none, and Spring Cloud
 * Gateway refuses it ({@code deny-empty-key}, 403 by default).
 */
final class StickyKeyResolver implements KeyResolver {

  private final TrustedProxies proxies;

  /**
   * @param proxies the peers whose forwarding headers tell the client's address
   */
  StickyKeyResolver(TrustedProxies proxies) {
    this.proxies = proxies;
  }

  @Override
  public Mono<String> resolve(ServerWebExchange exchange) {
    ExchangeRoutingRequest request =
        new ExchangeRoutingRequest(RequestShaping.clientRequest(exchange), proxies);
    RoutingDecision decision = exchange.getAttribute(StranglerRoutingFilter.DECISION_ATTR);
    RouteRule route = decision == null ? null : decision.route();
    if (route != null) {
      for (StickySource source : route.stickyBy()) {
        String key = source.keyOf(request);
        if (key != null) {
          return Mono.just(key);
        }
      }
    }
    return Mono.justOrEmpty(request.remoteAddress());
  }
}
