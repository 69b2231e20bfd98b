package dev.strangler.gateway.filter;

import dev.strangler.gateway.tracing.RequestTracing;
import dev.strangler.rules.RoutingDecision;
import dev.strangler.rules.Target;
import io.micrometer.tracing.Span;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The span of every proxied request, while tracing is on (the bean exists only then). It wraps the
 * whole chain, the writing of the answer included, and ends the span with the route, the side that
 * answered, the fallback reason and the status.
 */
final class RequestTracingFilter implements GlobalFilter, Ordered {

  /** Order: before the routing decision, so that the span covers all of the request's work. */
  public static final int ORDER = RoutingDecisionFilter.ORDER - 1;

  private final RequestTracing tracing;

  RequestTracingFilter(RequestTracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    Span span = tracing.startRequest(exchange);
    return chain
        .filter(exchange)
        .doOnError(error -> end(exchange, span, error, false))
        .doOnSuccess(done -> end(exchange, span, null, false))
        .doOnCancel(() -> end(exchange, span, null, true));
  }

  private void end(
      ServerWebExchange exchange, Span span, @Nullable Throwable error, boolean cancelled) {
    RoutingDecision decision = exchange.getAttribute(StranglerRoutingFilter.DECISION_ATTR);
    Target answeredBy = exchange.getAttribute(StranglerRoutingFilter.ANSWERED_BY_ATTR);
    FallbackReason fallback = exchange.getAttribute(RequestMetricsFilter.FALLBACK_ATTR);
    HttpStatusCode status = exchange.getResponse().getStatusCode();
    tracing.endRequest(
        span,
        new RequestTracing.RequestOutcome(
            exchange.getRequest().getMethod().name(),
            decision == null ? null : decision.routeId(),
            decision == null ? null : decision.reason().name(),
            answeredBy,
            fallback == null ? null : fallback.tag(),
            exchange.getAttribute(RequestIds.ATTRIBUTE),
            status == null ? null : status.value(),
            error,
            cancelled));
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
