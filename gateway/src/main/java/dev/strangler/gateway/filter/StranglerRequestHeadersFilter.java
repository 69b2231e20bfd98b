package dev.strangler.gateway.filter;

import dev.strangler.gateway.route.RequestShaping;
import dev.strangler.gateway.support.NativeRequests;
import dev.strangler.gateway.support.StranglerHeaders;
import dev.strangler.gateway.support.TrustedProxies;
import dev.strangler.gateway.tracing.RequestTracing;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Shapes the headers sent to the backends, in one pass over the client's headers and one copy.
 *
 * <ul>
 *   <li>Every {@code X-Strangler-*} header of the client is removed, so that the force override and
 *       its token never reach a backend and no client can pose as a shadow call.
 *   <li>Hop-by-hop headers are removed: the fixed set of {@link HopByHopHeaders} and the headers
 *       that {@code Connection} names (RFC 9110 §7.6.1).
 *   <li>{@code Content-Length} is removed when {@code Transfer-Encoding} is present (RFC 9112
 *       §6.3), against request smuggling; the body then goes out chunked.
 *   <li>{@code X-Request-Id} carries the id of the exchange.
 *   <li>Forwarding headers ({@code X-Forwarded-*}, {@code Forwarded}) of a peer that is not one of
 *       the {@link TrustedProxies} are removed, so that no client can pose as a proxy (the
 *       CVE-2025-41235 class: a poisoned {@code X-Forwarded-Host} in a backend's links); {@code
 *       X-Forwarded-For} is then the peer's address and {@code X-Forwarded-Proto} and {@code
 *       X-Forwarded-Host} this request's. A trusted proxy's are passed on: {@code X-Forwarded-For}
 *       with the proxy's address appended, {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}
 *       as it sent them (this request's when it sent none), the others as they are.
 *   <li>The other headers only a proxy may set ({@code X-Real-IP}, {@code True-Client-IP} and their
 *       kin, {@code X-Original-URL}, {@code X-Rewrite-URL}) are removed unless the peer is a
 *       trusted proxy.
 *   <li>A gRPC request gets {@code TE: trailers}.
 *   <li>While tracing is on, the W3C trace context of the call ({@code traceparent}, {@code
 *       tracestate}) replaces the client's: the call's span is a child of the request's, which is a
 *       child of the client's. While it is off, the client's pass through untouched.
 * </ul>
 *
 * <p>The headers sent are those of the request as the side's filters shaped it; the forwarded
 * headers are taken from the client's request, so a {@code SetRequestHostHeader} changes the {@code
 * Host} a backend sees, not the {@code X-Forwarded-Host}.
 *
 * <p>It does the work of Spring Cloud Gateway's request header filters that {@link
 * ProxyHeaderFilters} leaves out (hop-by-hop, forwarded-header removal, transfer-encoding
 * normalization, gRPC), each of which copied every header of every request once more.
 */
final class StranglerRequestHeadersFilter implements HttpHeadersFilter, Ordered {

  static final String X_FORWARDED_FOR = "X-Forwarded-For";

  static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";

  static final String X_FORWARDED_HOST = "X-Forwarded-Host";

  private static final String X_FORWARDED_PREFIX = "X-Forwarded-";

  private static final String FORWARDED = "Forwarded";

  /**
   * Headers that, like the forwarding headers, only a proxy may set: the client address as other
   * proxies and CDNs name it (a backend that logs or rate-limits by it would believe a client), and
   * the URL rewrite headers by which IIS and some frameworks serve another path than the request
   * line's (a client could reach a route's path through another route).
   */
  private static final List<String> PROXY_ONLY =
      List.of(
          "X-Real-IP",
          "True-Client-IP",
          "X-Client-IP",
          "X-Cluster-Client-IP",
          "CF-Connecting-IP",
          "Fastly-Client-IP",
          "X-Original-URL",
          "X-Rewrite-URL");

  /** Order: last but one, where Spring Cloud Gateway removes hop-by-hop headers. */
  public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 1;

  private final TrustedProxies proxies;

  /** Null while tracing is off: then no header is looked at for it. */
  private final @Nullable RequestTracing tracing;

  /**
   * A filter that writes no trace context, as while tracing is off.
   *
   * @param proxies the peers whose forwarding headers are passed on
   */
  StranglerRequestHeadersFilter(TrustedProxies proxies) {
    this(proxies, null);
  }

  /**
   * @param proxies the peers whose forwarding headers are passed on
   * @param tracing writes the trace context of each call, or null while tracing is off
   */
  StranglerRequestHeadersFilter(TrustedProxies proxies, @Nullable RequestTracing tracing) {
    this.proxies = proxies;
    this.tracing = tracing;
  }

  @Override
  @SuppressWarnings("ReferenceEquality") // the request's own headers, unless a filter replaced them
  public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
    // the forwarded headers say what the client asked for, before a side's filters shaped it
    ServerHttpRequest request = RequestShaping.clientRequest(exchange);
    HttpHeaders original = request.getHeaders();
    boolean fromProxy = proxies.trusts(request.getRemoteAddress());
    HttpHeaders headers = new OutgoingHeaders();
    List<String> connectionTokens = HopByHopHeaders.connectionTokens(input);
    boolean dropContentLength = input.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    io.netty.handler.codec.http.HttpHeaders received =
        input == original && request == exchange.getRequest() ? nettyHeaders(request) : null;
    if (received != null) {
      // the client's headers as Netty decoded them: one pass over the entries, where Spring's
      // read-only view would build a name set and look every name up again
      for (Iterator<Map.Entry<String, String>> entries = received.iteratorAsString();
          entries.hasNext(); ) {
        Map.Entry<String, String> entry = entries.next();
        if (!isDropped(entry.getKey(), connectionTokens, dropContentLength, fromProxy)) {
          headers.add(entry.getKey(), entry.getValue());
        }
      }
    } else {
      // forEach, not headerSet(): the read-only headers of a request that a side's filters shaped
      // would copy every entry into a new set first
      input.forEach(
          (name, values) -> {
            if (!isDropped(name, connectionTokens, dropContentLength, fromProxy)) {
              headers.addAll(name, values);
            }
          });
    }
    headers.set(StranglerHeaders.REQUEST_ID, RequestIds.of(exchange));
    String peer = peerOf(request.getRemoteAddress());
    String scheme = request.getURI().getScheme();
    String host = original.getFirst(HttpHeaders.HOST);
    if (host == null) {
      host = hostOf(request);
    }
    if (fromProxy) {
      headers.set(X_FORWARDED_FOR, forwardedFor(original, peer));
      headers.set(X_FORWARDED_PROTO, firstOr(original, X_FORWARDED_PROTO, scheme));
      headers.set(X_FORWARDED_HOST, firstOr(original, X_FORWARDED_HOST, host));
    } else {
      headers.set(X_FORWARDED_FOR, peer);
      headers.set(X_FORWARDED_PROTO, scheme);
      headers.set(X_FORWARDED_HOST, host);
    }
    if (StringUtils.startsWithIgnoreCase(
        input.getFirst(HttpHeaders.CONTENT_TYPE), "application/grpc")) {
      headers.add(HttpHeaders.TE, "trailers");
    }
    if (tracing != null) {
      tracing.inject(exchange, headers);
    }
    return headers;
  }

  /** The Netty headers under a Reactor Netty request; null for any other server. */
  private static io.netty.handler.codec.http.@Nullable HttpHeaders nettyHeaders(
      ServerHttpRequest request) {
    return NativeRequests.of(request) instanceof HttpServerRequest nativeRequest
        ? nativeRequest.requestHeaders()
        : null;
  }

  /**
   * Runs for every header of every request: compares in place, no lower-case copies. A trusted
   * proxy's forwarding headers are kept; {@code X-Forwarded-For}, {@code -Proto} and {@code -Host}
   * are set after the copy in any case.
   */
  private static boolean isDropped(
      String name, List<String> connectionTokens, boolean dropContentLength, boolean fromProxy) {
    return startsWithIgnoreCase(name, StranglerHeaders.PREFIX)
        || (!fromProxy
            && (startsWithIgnoreCase(name, X_FORWARDED_PREFIX)
                || FORWARDED.equalsIgnoreCase(name)
                || isProxyOnly(name)))
        || HopByHopHeaders.isHopByHop(name, connectionTokens)
        || (dropContentLength && HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name));
  }

  private static boolean isProxyOnly(String name) {
    for (String proxyOnly : PROXY_ONLY) {
      if (proxyOnly.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean startsWithIgnoreCase(String name, String prefix) {
    return name.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  private static String peerOf(@Nullable InetSocketAddress remote) {
    return remote == null || remote.getAddress() == null
        ? "unknown"
        : remote.getAddress().getHostAddress();
  }

  /** A trusted proxy's {@code X-Forwarded-For}, every line of it, with the proxy appended. */
  private static String forwardedFor(HttpHeaders original, String peer) {
    List<String> previous = original.get(X_FORWARDED_FOR);
    if (previous == null || previous.isEmpty()) {
      return peer;
    }
    return String.join(", ", previous) + ", " + peer;
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
  public boolean supports(Type type) {
    return type == Type.REQUEST;
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
