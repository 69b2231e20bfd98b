package dev.strangler.gateway.filter;

import dev.strangler.gateway.client.Transmission;
import dev.strangler.gateway.metrics.BackendRetryMetrics;
import dev.strangler.gateway.route.RequestShaping;
import dev.strangler.rules.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Sends a request to the backend the exchange points at, and once more on a new connection when
 * {@link RetryRule} shows it never reached the backend.
 *
 * <p>Both attempts are one call for the caller: one timeout around them, one circuit breaker
 * outcome, one fallback decision. The second attempt goes out on a connection of its own, not one
 * from the pool, since a backend that closed one pooled connection may have closed the others too.
 */
final class BackendCalls {

  private static final Logger log = LoggerFactory.getLogger(BackendCalls.class);

  private final BackendRetryMetrics metrics;

  BackendCalls(BackendRetryMetrics metrics) {
    this.metrics = metrics;
  }

  /**
   * Sends an exchange to its backend.
   *
   * @param exchange the exchange, its request URL set and its request as the side's filters shaped
   *     it
   * @param chain the rest of the filter chain, which proxies the request
   * @param routeId the route, for the retries metric
   * @param target the side called
   * @return completes when the backend's status and headers are in
   */
  Mono<Void> send(
      ServerWebExchange exchange, GatewayFilterChain chain, String routeId, Target target) {
    Transmission transmission = Transmission.start(exchange);
    return chain
        .filter(exchange)
        .onErrorResume(error -> retry(exchange, chain, routeId, target, transmission, error))
        .contextWrite(context -> context.put(Transmission.class, transmission));
  }

  private Mono<Void> retry(
      ServerWebExchange exchange,
      GatewayFilterChain chain,
      String routeId,
      Target target,
      Transmission transmission,
      Throwable error) {
    RetryReason reason =
        exchange.getResponse().isCommitted()
            ? null
            : RetryRule.judge(
                exchange.getRequest().getMethod(),
                transmission,
                error,
                // the client's request holds the body a side's filters left as it was
                ReplayableBodies.canResend(RequestShaping.clientRequest(exchange)));
    if (reason == null) {
      return Mono.error(error);
    }
    if (log.isDebugEnabled()) {
      log.debug(
          "Route {}: {} call sent again on a new connection ({}) after: {}",
          routeId,
          target.wireName(),
          reason.tag(),
          error.toString());
    }
    metrics.record(routeId, target.wireName(), reason.tag());
    ServerWebExchangeUtils.reset(exchange);
    transmission.requireNewConnection();
    return chain.filter(exchange);
  }
}
