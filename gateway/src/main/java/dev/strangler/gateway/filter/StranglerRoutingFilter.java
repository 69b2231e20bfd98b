package dev.strangler.gateway.filter;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;

import dev.strangler.gateway.client.Transmission;
import dev.strangler.gateway.metrics.BackendRetryMetrics;
import dev.strangler.gateway.metrics.FallbackMetrics;
import dev.strangler.gateway.route.LiveRouter;
import dev.strangler.gateway.route.RequestShaping;
import dev.strangler.gateway.support.BreakerCall;
import dev.strangler.gateway.support.EventLoopSchedulers;
import dev.strangler.gateway.support.ExchangeRoutingRequest;
import dev.strangler.gateway.support.ProblemResponses;
import dev.strangler.gateway.support.StranglerHeaders;
import dev.strangler.gateway.support.TimeLimits;
import dev.strangler.gateway.support.TrustedProxies;
import dev.strangler.gateway.tracing.RequestTracing;
import dev.strangler.rules.AssignedKey;
import dev.strangler.rules.FallbackPolicy;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.RoutingDecision;
import dev.strangler.rules.Target;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.tracing.Span;
import java.net.URI;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Decides, for every request, which side answers, points Spring Cloud Gateway's {@code
 * NettyRoutingFilter} at it, and falls back to legacy when modern fails.
 *
 * <p>It runs after {@code RouteToRequestUrlFilter} and before the Netty routing filter, so the
 * proxying itself (connection pool, streaming, header filters) is Spring Cloud Gateway's. The Netty
 * routing filter completes when the backend's status and headers have arrived and leaves the body
 * to {@code NettyWriteResponseFilter}, which runs after this filter's work is done: so a failing
 * status of modern can still be discarded and the request sent to legacy, as Spring Cloud Gateway's
 * own retry filter does.
 *
 * <p>Modern calls of a route with fallback pass its circuit breaker and timeout. On a failure, or
 * when the circuit is open, legacy answers instead if {@link ReplayPolicy} allows it; otherwise
 * modern's own answer stands, or, when there is none, the client gets a {@code 502} problem
 * document naming the route and the request id. Legacy's answer is final.
 *
 * <p>Every call to a side passes that side's filters of the route ({@link RequestShaping}): the
 * answering call, and the replay to legacy, which starts again from the client's request. The
 * decision was taken before, on the client's path.
 */
final class StranglerRoutingFilter implements GlobalFilter, Ordered {

  /** Order: right after the route URL is set, long before the request goes out. */
  public static final int ORDER = RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 100;

  /** Exchange attribute holding the {@link RoutingDecision}. */
  public static final String DECISION_ATTR = StranglerRoutingFilter.class.getName() + ".decision";

  /** Exchange attribute holding the {@link Target} that answered. */
  public static final String ANSWERED_BY_ATTR =
      StranglerRoutingFilter.class.getName() + ".answeredBy";

  private static final URI BAD_GATEWAY_TYPE =
      URI.create("https://strangler.dev/problems/no-backend-answered");

  private final LiveRouter router;

  private final RouteCircuitBreakers breakers;

  private final FallbackMetrics fallbackMetrics;

  private final ProblemResponses problems;

  private final boolean decisionHeaders;

  private final long maxReplayBytes;

  private final EventLoopSchedulers timers;

  private final TrustedProxies proxies;

  private final BackendCalls calls;

  /** Null while tracing is off: then no call pays for it. */
  private final @Nullable RequestTracing tracing;

  private final AssignedCookies cookies;

  StranglerRoutingFilter(
      LiveRouter router,
      RouteCircuitBreakers breakers,
      FallbackMetrics fallbackMetrics,
      BackendRetryMetrics retryMetrics,
      ProblemResponses problems,
      EventLoopSchedulers timers,
      TrustedProxies proxies,
      @Nullable RequestTracing tracing,
      AssignedCookies cookies,
      boolean decisionHeaders,
      long maxReplayBytes) {
    this.tracing = tracing;
    this.cookies = cookies;
    this.timers = timers;
    this.proxies = proxies;
    this.calls = new BackendCalls(retryMetrics);
    this.router = router;
    this.breakers = breakers;
    this.fallbackMetrics = fallbackMetrics;
    this.problems = problems;
    this.decisionHeaders = decisionHeaders;
    this.maxReplayBytes = maxReplayBytes;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    RoutingDecision decision = exchange.getAttribute(DECISION_ATTR);
    if (decision == null) {
      decision = decide(exchange);
    }
    RouteRule route = decision.route();
    Mono<Void> answer;
    if (decision.target() == Target.MODERN
        && route != null
        && route.fallback().enabled()
        && decision.reason() != RoutingDecision.Reason.FORCED) {
      answer = modernWithFallback(exchange, chain, decision, route);
    } else {
      answer = routeTo(exchange, chain, route, decision.target(), decision.uri());
    }
    RoutingDecision decided = decision;
    return answer.onErrorResume(error -> noBackendAnswered(exchange, decided));
  }

  /**
   * Takes the routing decision for an exchange, keeps it as {@link #DECISION_ATTR} and marks the
   * response with the request id and route, and with the sticky key the router assigned, if it did.
   * Called once per request by {@link RoutingDecisionFilter}, early, so that filters before the
   * proxying (metrics, shadow capture) know the decision.
   *
   * @param exchange the exchange
   * @return the decision
   */
  public RoutingDecision decide(ServerWebExchange exchange) {
    RoutingDecision decision =
        router.current().decide(new ExchangeRoutingRequest(exchange.getRequest(), proxies));
    exchange.getAttributes().put(DECISION_ATTR, decision);
    markResponse(exchange, decision);
    AssignedKey assigned = decision.assignedKey();
    if (assigned != null) {
      cookies.set(exchange, assigned);
    }
    return decision;
  }

  private Mono<Void> modernWithFallback(
      ServerWebExchange original,
      GatewayFilterChain chain,
      RoutingDecision decision,
      RouteRule route) {
    return ReplayableBodies.prepare(original, maxReplayBytes)
        .flatMap(
            prepared -> {
              ServerWebExchange exchange = prepared.exchange();
              CircuitBreaker breaker = breakers.of(route.id());
              if (breaker != null && !breaker.tryAcquirePermission()) {
                return afterFailure(
                    exchange, chain, route, FallbackReason.CIRCUIT_OPEN, prepared.replay(), null);
              }
              ModernCall call = new ModernCall(breaker);
              FallbackPolicy policy = route.fallback();
              return TimeLimits.within(
                      routeTo(exchange, chain, route, Target.MODERN, decision.uri()),
                      policy.timeout(),
                      timers.of(exchange.getRequest()))
                  .then(Mono.fromSupplier(() -> call.judge(exchange, policy)))
                  .onErrorResume(
                      error ->
                          Mono.just(
                              call.failed(
                                  FallbackReason.of(error, Transmission.of(exchange)), error)))
                  .doOnCancel(call::cancelled)
                  .flatMap(
                      failure ->
                          afterFailure(
                              exchange,
                              chain,
                              route,
                              failure.reason(),
                              prepared.replay(),
                              failure.error()));
            });
  }

  /**
   * After modern failed: legacy answers if replay is allowed; else modern's answer stands if there
   * is one, and the error goes on if there is none.
   */
  private Mono<Void> afterFailure(
      ServerWebExchange exchange,
      GatewayFilterChain chain,
      RouteRule route,
      FallbackReason reason,
      ReplayableBodies.Replay replay,
      @Nullable Throwable error) {
    boolean allowed =
        ReplayPolicy.allows(
            exchange.getRequest().getMethod(),
            route.fallback().replayUnsafe(),
            reason,
            replay.possible());
    if (!allowed) {
      return error == null && reason == FallbackReason.STATUS
          ? Mono.empty()
          : Mono.error(
              error != null ? error : new IllegalStateException("modern failed: " + reason));
    }
    ServerWebExchangeUtils.reset(exchange);
    RoutingDecision decision = exchange.getRequiredAttribute(DECISION_ATTR);
    markResponse(exchange, decision);
    if (decisionHeaders) {
      exchange.getResponse().getHeaders().set(StranglerHeaders.FALLBACK, reason.tag());
    }
    exchange.getAttributes().put(RequestMetricsFilter.FALLBACK_ATTR, reason);
    fallbackMetrics.record(route.id(), reason.tag());
    return routeTo(exchange, chain, route, Target.LEGACY, route.legacy());
  }

  private void markResponse(ServerWebExchange exchange, RoutingDecision decision) {
    HttpHeaders headers = exchange.getResponse().getHeaders();
    headers.set(StranglerHeaders.REQUEST_ID, RequestIds.of(exchange));
    if (decisionHeaders) {
      headers.set(StranglerHeaders.ROUTE, decision.routeId());
    }
  }

  /**
   * Sends the exchange to one side, shaped by that side's filters ({@link RequestShaping}): the
   * answer, and the fallback replay to legacy, which starts again from the client's request. The
   * shaped call is sent once more on a new connection when the first attempt provably never reached
   * the backend ({@link BackendCalls}), without running the filters again.
   */
  private Mono<Void> routeTo(
      ServerWebExchange exchange,
      GatewayFilterChain chain,
      @Nullable RouteRule route,
      Target target,
      URI base) {
    exchange.getAttributes().put(ANSWERED_BY_ATTR, target);
    if (decisionHeaders) {
      exchange.getResponse().getHeaders().set(StranglerHeaders.TARGET, target.wireName());
    }
    String routeId = route == null ? RoutingDecision.CATCH_ALL_ROUTE_ID : route.id();
    return RequestShaping.call(
        exchange, route, target, base, shaped -> send(shaped, chain, routeId, target));
  }

  /** Sends one call, shaped; while tracing is on, with a span of its own. */
  private Mono<Void> send(
      ServerWebExchange exchange, GatewayFilterChain chain, String routeId, Target target) {
    Mono<Void> call = calls.send(exchange, chain, routeId, target);
    return tracing == null ? call : traced(tracing, exchange, call, routeId, target);
  }

  /**
   * The call with a span of its own, ended when the side's status and headers are in, when the call
   * fails, or when it is given up (a timeout): before the fallback reuses the exchange.
   */
  private static Mono<Void> traced(
      RequestTracing tracing,
      ServerWebExchange exchange,
      Mono<Void> call,
      String routeId,
      Target target) {
    return Mono.defer(
        () -> {
          URI url = exchange.getRequiredAttribute(GATEWAY_REQUEST_URL_ATTR);
          Span span = tracing.startCall(exchange, routeId, target, url);
          return call.doOnSuccess(done -> tracing.endCall(span, statusOf(exchange), null, false))
              .doOnError(error -> tracing.endCall(span, null, error, false))
              .doOnCancel(() -> tracing.endCall(span, null, null, true));
        });
  }

  private static @Nullable Integer statusOf(ServerWebExchange exchange) {
    HttpStatusCode status = exchange.getResponse().getStatusCode();
    return status == null ? null : status.value();
  }

  private Mono<Void> noBackendAnswered(ServerWebExchange exchange, RoutingDecision decision) {
    String requestId = RequestIds.of(exchange);
    exchange.getResponse().getHeaders().remove(StranglerHeaders.TARGET);
    return problems.write(
        exchange.getResponse(),
        HttpStatus.BAD_GATEWAY,
        BAD_GATEWAY_TYPE,
        "No backend could answer route " + decision.routeId() + ".",
        Map.of("route", decision.routeId(), "requestId", requestId));
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  /** A failure of modern: its reason and, for connection errors and timeouts, the error. */
  private record Failure(FallbackReason reason, @Nullable Throwable error) {}

  /**
   * One call of modern, through its circuit breaker when the route has one: judges the answer and
   * records exactly one outcome, or gives the permission back when the client went away first.
   */
  private static final class ModernCall {

    private final @Nullable BreakerCall call;

    ModernCall(@Nullable CircuitBreaker breaker) {
      this.call = breaker == null ? null : new BreakerCall(breaker);
    }

    /**
     * Judges modern's status; empty when it is a success, else a failure to act on. An answer that
     * one of modern's filters gave by itself (a size or rate limit) is neither: modern was not
     * called, so the breaker gets its permission back and the answer stands.
     */
    @Nullable Failure judge(ServerWebExchange exchange, FallbackPolicy policy) {
      if (!RequestShaping.reachedBackend(exchange)) {
        cancelled();
        return null;
      }
      HttpStatusCode status = exchange.getResponse().getStatusCode();
      if (status != null && policy.statuses().contains(status.value())) {
        return failed(FallbackReason.STATUS, null);
      }
      if (call != null) {
        call.succeeded();
      }
      return null;
    }

    Failure failed(FallbackReason reason, @Nullable Throwable error) {
      if (call != null) {
        call.failed(error != null ? error : new ModernStatusException());
      }
      return new Failure(reason, error);
    }

    void cancelled() {
      if (call != null) {
        call.abandoned();
      }
    }
  }

  /** What the circuit breaker records for a failing status of modern. */
  private static final class ModernStatusException extends RuntimeException {

    ModernStatusException() {
      super("modern answered with a fallback status", null, false, false);
    }
  }
}
