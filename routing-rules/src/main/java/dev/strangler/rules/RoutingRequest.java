package dev.strangler.rules;

import org.jspecify.annotations.Nullable;

/**
 * The parts of an HTTP request that routing looks at, as the gateway sees them.
 *
 * <p>The gateway adapts its own request type; implementations should read lazily and must not copy
 * the request, since {@link Router#decide(RoutingRequest)} runs on every request.
 */
public interface RoutingRequest {

  /**
   * Returns the method.
   *
   * @return the method, e.g. {@code GET}
   */
  String method();

  /**
   * Returns the path, without query string.
   *
   * @return the raw path, e.g. {@code /api/orders/42}
   */
  String path();

  /**
   * Returns the first value of a header.
   *
   * @param name the header name, matched ignoring case
   * @return the value, or {@code null} when absent
   */
  @Nullable String header(String name);

  /**
   * Returns the value of a cookie.
   *
   * @param name the cookie name, matched exactly
   * @return the value, or {@code null} when absent
   */
  @Nullable String cookie(String name);

  /**
   * Returns the first value of a query parameter.
   *
   * @param name the parameter name, matched exactly
   * @return the decoded value, or {@code null} when absent
   */
  @Nullable String queryParam(String name);

  /**
   * Returns the client address.
   *
   * @return the address as text, e.g. {@code 203.0.113.7}, or {@code null} when unknown
   */
  @Nullable String remoteAddress();
}
