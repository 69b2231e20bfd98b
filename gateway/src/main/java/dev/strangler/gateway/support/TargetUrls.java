package dev.strangler.gateway.support;

import java.net.URI;
import org.springframework.http.server.reactive.ServerHttpRequest;

/** URLs of requests on the backends. */
public final class TargetUrls {

  private TargetUrls() {}

  /**
   * The URL of a request on a backend: the backend's base URL followed by the request's raw path
   * and query, so that encoded characters reach the backend as the client sent them.
   *
   * @param base the backend's base URL, e.g. {@code http://legacy:8080} or {@code
   *     http://host/prefix}
   * @param request the client's request
   * @return the URL to call
   */
  public static URI of(URI base, ServerHttpRequest request) {
    URI requestUri = request.getURI();
    String basePath = base.getRawPath();
    StringBuilder url =
        new StringBuilder(96).append(base.getScheme()).append("://").append(base.getRawAuthority());
    if (basePath != null && !basePath.isEmpty() && !"/".equals(basePath)) {
      url.append(basePath, 0, basePath.endsWith("/") ? basePath.length() - 1 : basePath.length());
    }
    String path = requestUri.getRawPath();
    url.append(path == null || path.isEmpty() ? "/" : path);
    String query = requestUri.getRawQuery();
    if (query != null) {
      url.append('?').append(query);
    }
    return URI.create(url.toString());
  }
}
