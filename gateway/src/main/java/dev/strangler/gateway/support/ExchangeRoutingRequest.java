package dev.strangler.gateway.support;

import dev.strangler.rules.RoutingRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpCookie;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The view of a WebFlux request that the routing decision reads. Cookies and query parameters are
 * parsed by Spring, and the client address derived, only when a sticky-by source asks for them.
 */
public final class ExchangeRoutingRequest implements RoutingRequest {

  private final ServerHttpRequest request;

  private final TrustedProxies proxies;

  /**
   * @param request the request
   * @param proxies the proxies whose {@code X-Forwarded-For} gives the client address
   */
  public ExchangeRoutingRequest(ServerHttpRequest request, TrustedProxies proxies) {
    this.request = request;
    this.proxies = proxies;
  }

  /** The parsed path, shared by every path pattern that is tried. */
  PathContainer pathContainer() {
    return request.getPath().pathWithinApplication();
  }

  @Override
  public String method() {
    return request.getMethod().name();
  }

  @Override
  public String path() {
    return pathContainer().value();
  }

  @Override
  public @Nullable String header(String name) {
    return request.getHeaders().getFirst(name);
  }

  @Override
  public @Nullable String cookie(String name) {
    HttpCookie cookie = request.getCookies().getFirst(name);
    return cookie == null ? null : cookie.getValue();
  }

  @Override
  public @Nullable String queryParam(String name) {
    return request.getQueryParams().getFirst(name);
  }

  /** The client address: the peer's, or the one a trusted proxy forwarded. */
  @Override
  public @Nullable String remoteAddress() {
    return proxies.clientAddress(request);
  }
}
