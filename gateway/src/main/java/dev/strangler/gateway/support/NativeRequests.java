package dev.strangler.gateway.support;

import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;

/** The server's own object under a WebFlux request, through any decorators. */
public final class NativeRequests {

  private NativeRequests() {}

  /**
   * The server's own request object under a WebFlux request.
   *
   * @param request a WebFlux request, decorated or not
   * @return the server's request object (Reactor Netty's {@code HttpServerOperations} on this
   *     gateway), or null when there is none, as for a mock request
   */
  public static @Nullable Object of(ServerHttpRequest request) {
    try {
      return ServerHttpRequestDecorator.getNativeRequest(request);
    } catch (IllegalArgumentException | IllegalStateException noNativeRequest) {
      return null;
    }
  }
}
