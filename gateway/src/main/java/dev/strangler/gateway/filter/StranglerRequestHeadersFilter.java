package dev.strangler.gateway.filter;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * Shapes the headers sent to the backends.
 *
 * <ul>
 * <li>Every {@code X-Strangler-*} header of the client is removed, so that the force override and
 * its token never reach a backend and no client can pose as a shadow call.</li>
 * <li>Headers named by {@code Connection} are hop-by-hop too (RFC 9110 §7.6.1) and are removed;
 * Spring Cloud Gateway removes the fixed hop-by-hop set.</li>
 * <li>{@code X-Request-Id} carries the id of the exchange.</li>
 * <li>{@code X-Forwarded-For} gets the client address appended; {@code X-Forwarded-Proto} and
 * {@code X-Forwarded-Host} keep the value of a proxy in front, else take this request's.</li>
 * </ul>
 * It reads the original request, so it is right whatever ran before it (Spring Cloud Gateway
 * removes incoming {@code X-Forwarded-*} headers when no trusted proxies are configured).
 */
public final class StranglerRequestHeadersFilter implements HttpHeadersFilter, Ordered {

  static final String X_FORWARDED_FOR = "X-Forwarded-For";

  static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";

  static final String X_FORWARDED_HOST = "X-Forwarded-Host";

  @Override
  public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
    ServerHttpRequest request = exchange.getRequest();
    HttpHeaders original = request.getHeaders();
    HttpHeaders headers = new HttpHeaders();
    List<String> connectionTokens = connectionTokens(original);
    input.forEach((name, values) -> {
      // runs for every header of every request: no lower-case copy of the name unless needed
      if (!name.regionMatches(true, 0, StranglerHeaders.PREFIX, 0, StranglerHeaders.PREFIX.length())
          && (connectionTokens.isEmpty() || !connectionTokens.contains(name.toLowerCase(Locale.ROOT)))) {
        headers.addAll(name, values);
      }
    });
    headers.set(StranglerHeaders.REQUEST_ID, RequestIds.of(exchange));
    headers.set(X_FORWARDED_FOR, forwardedFor(original, request.getRemoteAddress()));
    headers.set(X_FORWARDED_PROTO, firstOr(original, X_FORWARDED_PROTO, request.getURI().getScheme()));
    String host = original.getFirst(HttpHeaders.HOST);
    headers.set(X_FORWARDED_HOST, firstOr(original, X_FORWARDED_HOST, host != null ? host : hostOf(request)));
    return headers;
  }

  private static List<String> connectionTokens(HttpHeaders headers) {
    List<String> values = headers.get(HttpHeaders.CONNECTION);
    if (values == null || values.isEmpty()) {
      return List.of();
    }
    return values.stream()
      .flatMap(value -> java.util.Arrays.stream(value.split(",")))
      .map(token -> token.trim().toLowerCase(Locale.ROOT))
      .filter(token -> !token.isEmpty())
      .toList();
  }

  private static String forwardedFor(HttpHeaders original, @org.jspecify.annotations.Nullable InetSocketAddress remote) {
    String client = remote == null || remote.getAddress() == null ? "unknown"
        : remote.getAddress().getHostAddress();
    List<String> previous = original.get(X_FORWARDED_FOR);
    if (previous == null || previous.isEmpty()) {
      return client;
    }
    return String.join(", ", previous) + ", " + client;
  }

  private static String firstOr(HttpHeaders headers, String name, String fallback) {
    String value = headers.getFirst(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private static String hostOf(ServerHttpRequest request) {
    int port = request.getURI().getPort();
    String host = String.valueOf(request.getURI().getHost());
    return port < 0 ? host : host + ":" + port;
  }

  @Override
  public int getOrder() {
    // after Spring Cloud Gateway's RemoveXForwardedHeadersFilter (0)
    return 10;
  }

}
