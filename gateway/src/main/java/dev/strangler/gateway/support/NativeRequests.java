package dev.strangler.gateway.support;

import io.netty.channel.EventLoop;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import reactor.netty.Connection;

/** The server's own object under a WebFlux request, through any decorators, and its event loop. */
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

  /**
   * The Netty event loop that serves a request's connection.
   *
   * @param request a WebFlux request, decorated or not
   * @return the event loop of its Reactor Netty connection, or null when it is not served by
   *     Reactor Netty, as a mock request
   */
  public static @Nullable EventLoop eventLoopOf(ServerHttpRequest request) {
    return of(request) instanceof Connection connection ? connection.channel().eventLoop() : null;
  }
}
