package dev.strangler.gateway.filter;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Takes the routing decision first thing, so that the filters that wrap the proxying (metrics,
 * shadow capture, which must sit before {@link NettyWriteResponseFilter}) can act on it; {@link
 * StranglerRoutingFilter} then carries it out.
 */
final class RoutingDecisionFilter implements GlobalFilter, Ordered {

  /** Order: before the metrics and shadow filters, which come before the response is written. */
  public static final int ORDER = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 10;

  private final StranglerRoutingFilter routing;

  RoutingDecisionFilter(StranglerRoutingFilter routing) {
    this.routing = routing;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    routing.decide(exchange);
    return chain.filter(exchange);
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
