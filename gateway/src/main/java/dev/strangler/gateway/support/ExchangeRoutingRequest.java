package dev.strangler.gateway.support;

import dev.strangler.rules.RoutingRequest;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpCookie;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The view of a WebFlux request that the routing decision reads. Cookies and query parameters are
 * parsed by Spring only when a sticky-by source asks for them.
 */
public final class ExchangeRoutingRequest implements RoutingRequest {

  private final ServerHttpRequest request;

  public ExchangeRoutingRequest(ServerHttpRequest request) {
    this.request = request;
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

  @Override
  public @Nullable String remoteAddress() {
    InetSocketAddress address = request.getRemoteAddress();
    if (address == null || address.getAddress() == null) {
      return null;
    }
    return address.getAddress().getHostAddress();
  }
}
