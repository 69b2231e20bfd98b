package dev.strangler.gateway.filter;

import dev.strangler.gateway.route.RequestShaping;
import dev.strangler.gateway.shadow.CapturingResponse;
import dev.strangler.gateway.shadow.PrimaryCapture;
import dev.strangler.gateway.shadow.ShadowMirror;
import dev.strangler.gateway.tracing.RequestTracing;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.RoutingDecision;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Mirrors the requests whose routing decision names a shadow target.
 *
 * <p>It sits before {@code NettyWriteResponseFilter}, so that it can hand the chain a response that
 * copies the client's answer as it is written. The shadow call gets the headers the primary call
 * gets (after Spring Cloud Gateway's and Strangler's header filters). A request with a body is
 * mirrored only when the body fits {@code strangler.replay.max-body-bytes}, since it must be held
 * to be sent twice; a larger one is counted as skipped. Each copy is shaped by the filters of the
 * side it goes to ({@link RequestShaping#copy}), on an exchange of its own, when the mirror sends
 * it. The mirror's slot is taken first: a request whose copy is dropped (no slot free, or the
 * shadow side's breaker open) goes on at once, without its body or headers being copied.
 */
final class ShadowFilter implements GlobalFilter, Ordered {

  private final ShadowMirror mirror;

  private final ProxyHeaderFilters headersFilters;

  private final long maxBodyBytes;

  /** Null while tracing is off. */
  private final @Nullable RequestTracing tracing;

  ShadowFilter(
      ShadowMirror mirror,
      ProxyHeaderFilters headersFilters,
      @Nullable RequestTracing tracing,
      long maxBodyBytes) {
    this.mirror = mirror;
    this.headersFilters = headersFilters;
    this.tracing = tracing;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    RoutingDecision decision = exchange.getAttribute(StranglerRoutingFilter.DECISION_ATTR);
    if (decision == null || decision.shadowUri() == null) {
      return chain.filter(exchange);
    }
    ShadowMirror.Slot slot = mirror.reserve(decision);
    if (slot == null) {
      // dropped, and counted: nothing is copied for this request
      return chain.filter(exchange);
    }
    return ReplayableBodies.prepare(exchange, maxBodyBytes)
        .doOnCancel(slot::release)
        .doOnError(error -> slot.release())
        .flatMap(
            prepared -> {
              ServerWebExchange buffered = prepared.exchange();
              byte[] body = prepared.body();
              if (body == null) {
                mirror.skipped(slot);
                return chain.filter(buffered);
              }
              RouteRule route = Objects.requireNonNull(decision.route(), "route");
              PrimaryCapture capture =
                  mirror.start(
                      slot,
                      decision,
                      buffered.getRequest(),
                      (side, base, secondary) ->
                          RequestShaping.copy(buffered, route, side, base, secondary)
                              .map(
                                  copy ->
                                      new ShadowMirror.CopyRequest(
                                          copy.url(),
                                          HttpHeadersFilter.filterRequest(
                                              headersFilters.list(), copy.exchange()),
                                          copy.preserveHost())),
                      body,
                      RequestIds.of(buffered),
                      tracing == null
                          ? null
                          : buffered.getAttribute(RequestTracing.REQUEST_SPAN_ATTR));
              ServerWebExchange capturing =
                  buffered
                      .mutate()
                      .response(new CapturingResponse(buffered.getResponse(), capture))
                      .build();
              return chain.filter(capturing).doFinally(signal -> capture.abandon());
            });
  }

  @Override
  public int getOrder() {
    return RoutingDecisionFilter.ORDER + 2;
  }
}
