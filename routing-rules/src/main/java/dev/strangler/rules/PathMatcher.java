package dev.strangler.rules;

/**
 * One compiled path pattern of a route. Must be thread-safe and should not allocate: it runs on
 * every request.
 */
@FunctionalInterface
public interface PathMatcher {

  /**
   * Whether the request's path matches this pattern.
   *
   * @param request the request; implementations usually look at {@link RoutingRequest#path()}
   * @return {@code true} on a match
   */
  boolean matches(RoutingRequest request);
}
