package dev.strangler.gateway.route;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ALREADY_PREFIXED_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.PRESERVE_HOST_HEADER_ATTRIBUTE;

import dev.strangler.gateway.support.TargetUrls;
import dev.strangler.rules.RequestFilter;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.Target;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Shapes each call to a side of a route with that side's filters ({@code modern-filters}, {@code
 * legacy-filters}) and {@code preserve-host}, then points it at the side: the answering call, the
 * fallback replay to legacy, and shadow copies.
 *
 * <p>Design: the filters were compiled once per rules version and come with the route the decision
 * names ({@link RouteRule#filters(Target)}), so a request uses the filters of the rules version it
 * was decided by, and a reload swaps them with the router at once. Each call starts from the
 * client's request (the routing decision was taken on its path before any filter) and from the
 * attributes the side's filters set cleared, so a fallback replay gets legacy's filters on the
 * original request and nothing of modern's. A side without filters costs its calls no allocation.
 *
 * <p>A shadow copy runs its side's filters on an exchange of its own (attributes copied, response
 * discarded): a filter that answers by itself, such as {@code RequestSize} refusing a body, then
 * refuses the copy, not the client's request.
 */
public final class RequestShaping {

  /**
   * Exchange attribute holding the request as the client sent it, while a call is shaped by filters
   * or {@code preserve-host}; absent otherwise, when the request is the client's.
   */
  public static final String CLIENT_REQUEST_ATTR = RequestShaping.class.getName() + ".client";

  /** Exchange attribute: whether the side's filters let the shaped call go on to the backend. */
  private static final String PASSED_ATTR = RequestShaping.class.getName() + ".passed";

  private RequestShaping() {}

  /**
   * Shapes one call of an exchange to a side and sends it on: the side's filters run in file order,
   * then the call goes to {@code base} with the shaped path and query, through {@code next}.
   *
   * @param exchange the exchange, its request as the client sent it
   * @param route the route decided, or null for the catch-all (no filters)
   * @param side the side called
   * @param base the side's URI
   * @param next the rest of the gateway's chain, which sends the call
   * @return completes when the call completes, or when a filter answered it by itself
   */
  public static Mono<Void> call(
      ServerWebExchange exchange,
      @Nullable RouteRule route,
      Target side,
      URI base,
      GatewayFilterChain next) {
    Map<String, Object> attributes = exchange.getAttributes();
    if (attributes.remove(CLIENT_REQUEST_ATTR) != null) {
      // an earlier call of this exchange was shaped (modern, before a fallback replay)
      attributes.remove(PRESERVE_HOST_HEADER_ATTRIBUTE);
      attributes.remove(GATEWAY_ALREADY_PREFIXED_ATTR);
      attributes.remove(PASSED_ATTR);
    }
    List<RequestFilter> filters = route == null ? List.of() : route.filters(side);
    boolean preserveHost = route != null && route.preserveHost();
    ServerHttpRequest request = exchange.getRequest();
    if (filters.isEmpty() && !preserveHost) {
      attributes.put(GATEWAY_REQUEST_URL_ATTR, TargetUrls.of(base, request));
      return next.filter(exchange);
    }
    attributes.put(CLIENT_REQUEST_ATTR, request);
    if (preserveHost) {
      attributes.put(PRESERVE_HOST_HEADER_ATTRIBUTE, true);
    }
    if (filters.isEmpty()) {
      attributes.put(GATEWAY_REQUEST_URL_ATTR, TargetUrls.of(base, request));
      return next.filter(exchange);
    }
    attributes.put(PASSED_ATTR, false);
    // deferred, so that a filter that throws fails this call's Mono rather than its caller
    return Mono.defer(
        () -> {
          putVariables(exchange, request, filters);
          return new Chain(filters, 0, base, next, false).filter(exchange);
        });
  }

  /**
   * Whether the last call shaped on this exchange went on to its backend: false when one of the
   * side's filters answered it by itself ({@code RequestSize}, {@code RequestRateLimiter}), so that
   * its answer is not taken for the backend's.
   *
   * @param exchange the exchange
   * @return true unless a filter kept the call from the backend
   */
  public static boolean reachedBackend(ServerWebExchange exchange) {
    return !Boolean.FALSE.equals(exchange.getAttribute(PASSED_ATTR));
  }

  /**
   * The request as the client sent it, whatever the side's filters made of it.
   *
   * @param exchange the exchange of a call, shaped or not
   * @return the client's request
   */
  public static ServerHttpRequest clientRequest(ServerWebExchange exchange) {
    ServerHttpRequest client = exchange.getAttribute(CLIENT_REQUEST_ATTR);
    return client != null ? client : exchange.getRequest();
  }

  /**
   * Shapes a shadow copy of an exchange's request for a side, on an exchange of its own.
   *
   * @param exchange the client's exchange, its request as the client sent it
   * @param route the route
   * @param side the side the copy goes to
   * @param base where it goes: the side's URI, or the second legacy instance
   * @param secondary whether it goes to the second legacy instance: legacy's filters apply but for
   *     {@code RequestRateLimiter}, which would count the request twice in legacy's budget
   * @return the copy to send; empty when a filter refused it
   */
  public static Mono<Copy> copy(
      ServerWebExchange exchange, RouteRule route, Target side, URI base, boolean secondary) {
    List<RequestFilter> filters = route.filters(side);
    ServerHttpRequest request = exchange.getRequest();
    if (filters.isEmpty()) {
      return Mono.just(new Copy(exchange, TargetUrls.of(base, request), route.preserveHost()));
    }
    // deferred: the copy is shaped when the mirror sends it, and what a filter throws fails the
    // copy, never the client's request
    return Mono.defer(
        () -> {
          DetachedExchange detached = new DetachedExchange(exchange);
          Map<String, Object> attributes = detached.getAttributes();
          attributes.remove(PRESERVE_HOST_HEADER_ATTRIBUTE);
          attributes.remove(GATEWAY_ALREADY_PREFIXED_ATTR);
          attributes.remove(GATEWAY_REQUEST_URL_ATTR);
          attributes.remove(PASSED_ATTR);
          attributes.put(CLIENT_REQUEST_ATTR, request);
          if (route.preserveHost()) {
            attributes.put(PRESERVE_HOST_HEADER_ATTRIBUTE, true);
          }
          putVariables(detached, request, filters);
          AtomicReference<Copy> shaped = new AtomicReference<>();
          GatewayFilterChain capture =
              copy -> {
                URI url = copy.getRequiredAttribute(GATEWAY_REQUEST_URL_ATTR);
                boolean host = copy.getAttributeOrDefault(PRESERVE_HOST_HEADER_ATTRIBUTE, false);
                shaped.set(new Copy(copy, url, host));
                return Mono.empty();
              };
          return new Chain(filters, 0, base, capture, secondary)
              .filter(detached)
              .then(Mono.fromSupplier(shaped::get));
        });
  }

  /**
   * A shadow copy as its side's filters shaped it.
   *
   * @param exchange the copy's exchange: its request is the shaped one, and the header filters of
   *     the gateway's calls take it as they take a primary call's
   * @param url where the copy goes, with the shaped path and query
   * @param preserveHost whether the copy keeps the request's {@code Host} header ({@code
   *     preserve-host}, {@code SetRequestHostHeader}); else the backend's host is sent
   */
  public record Copy(ServerWebExchange exchange, URI url, boolean preserveHost) {}

  /**
   * Gives the filters that expand URI template variables ({@code SetPath=/v2/{id}}) the variables
   * of the client's path, as Spring Cloud Gateway's {@code Path} predicate would.
   */
  private static void putVariables(
      ServerWebExchange exchange, ServerHttpRequest request, List<RequestFilter> filters) {
    for (RequestFilter filter : filters) {
      ShapingFilter compiled = filter.compiled(ShapingFilter.class);
      if (!compiled.variableSources().isEmpty()) {
        ServerWebExchangeUtils.putUriTemplateVariables(exchange, compiled.variables(request));
        return;
      }
    }
  }

  /**
   * The filters of one call, one link per filter as in Spring Cloud Gateway's own chain; after the
   * last, the call is pointed at its side with the shaped path and query and sent on.
   */
  private record Chain(
      List<RequestFilter> filters,
      int index,
      URI base,
      GatewayFilterChain next,
      boolean skipLimiters)
      implements GatewayFilterChain {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange) {
      for (int i = index; i < filters.size(); i++) {
        ShapingFilter filter = filters.get(i).compiled(ShapingFilter.class);
        if (!(skipLimiters && filter.limiter())) {
          return filter
              .filter()
              .filter(exchange, new Chain(filters, i + 1, base, next, skipLimiters));
        }
      }
      Map<String, Object> attributes = exchange.getAttributes();
      attributes.put(GATEWAY_REQUEST_URL_ATTR, TargetUrls.of(base, exchange.getRequest()));
      attributes.put(PASSED_ATTR, true);
      return next.filter(exchange);
    }
  }
}
