package dev.strangler.gateway.filter;

import dev.strangler.gateway.metrics.Outcome;
import dev.strangler.gateway.metrics.RequestMetrics;
import dev.strangler.gateway.plan.PlanEvidence;
import dev.strangler.gateway.progress.CatchAllShapes;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.RoutingDecision;
import dev.strangler.rules.Target;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Counts and times every request once it has been answered in full: it wraps the whole filter
 * chain, including the writing of the response body. A catch-all request's path shape is counted
 * too (the migration's to-do list). Requests a route's targets decided are also counted apart;
 * requests its canary percent decided are the evidence of its plan's current step.
 */
final class RequestMetricsFilter implements GlobalFilter, Ordered {

  /** Exchange attribute set to a fallback reason when legacy answered for modern. */
  public static final String FALLBACK_ATTR = RequestMetricsFilter.class.getName() + ".fallback";

  private final RequestMetrics metrics;

  private final CatchAllShapes catchAllShapes;

  private final @Nullable PlanEvidence evidence;

  RequestMetricsFilter(
      RequestMetrics metrics, CatchAllShapes catchAllShapes, @Nullable PlanEvidence evidence) {
    this.metrics = metrics;
    this.catchAllShapes = catchAllShapes;
    this.evidence = evidence;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    long start = System.nanoTime();
    return chain.filter(exchange).doFinally(signal -> record(exchange, start, System.nanoTime()));
  }

  private void record(ServerWebExchange exchange, long start, long end) {
    long nanos = end - start;
    RoutingDecision decision = exchange.getAttribute(StranglerRoutingFilter.DECISION_ATTR);
    if (decision == null) {
      return;
    }
    Target answeredBy =
        exchange.getAttributeOrDefault(StranglerRoutingFilter.ANSWERED_BY_ATTR, decision.target());
    HttpStatusCode status = exchange.getResponse().getStatusCode();
    Outcome outcome =
        exchange.getAttribute(FALLBACK_ATTR) != null
            ? Outcome.FALLBACK
            : Outcome.ofStatus(status == null ? 200 : status.value());
    metrics.record(decision.routeId(), answeredBy, outcome, nanos);
    switch (decision.reason()) {
      case TARGETED -> metrics.recordTargeted(decision.routeId(), decision.target());
      case CANARY -> {
        PlanEvidence plans = evidence;
        RouteRule route = decision.route();
        if (plans != null && route != null) {
          plans.record(
              decision.routeId(),
              route.rollout().percent(),
              decision.target(),
              answeredBy,
              outcome == Outcome.SERVER_ERROR,
              nanos,
              end);
        }
      }
      // a decision has no route exactly when its reason is CATCH_ALL (RoutingDecision checks it)
      case CATCH_ALL -> catchAllShapes.record(exchange.getRequest().getPath().value());
      case MODE, FORCED -> {}
    }
  }

  @Override
  public int getOrder() {
    return RoutingDecisionFilter.ORDER + 1;
  }
}
