package dev.strangler.rules;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Compiles the path patterns of the rules file. The gateway provides one on Spring's {@code
 * PathPattern}, so that the rules use the same syntax as Spring Cloud Gateway.
 */
@FunctionalInterface
public interface PathMatcherFactory {

  /**
   * Compiles a pattern.
   *
   * @param pattern a path pattern such as {@code /api/orders/**}
   * @return the matcher
   * @throws IllegalArgumentException if the pattern is not valid; the message says why and becomes
   *     the expectation of the rule violation
   */
  PathMatcher compile(String pattern);

  /**
   * The literal segments that every path a pattern matches starts with, compared as {@link
   * #pathSegment} gives a request's: for {@code /api/orders/{id}}, {@code [api, orders]}. The
   * router tries a route only for paths that start with one of its patterns' prefixes, so this must
   * never claim more than the pattern requires, and a factory that gives prefixes must give {@link
   * #pathSegment} too. The default claims nothing: every route is tried for every request.
   *
   * @param pattern a pattern that {@link #compile} accepted
   * @return the literal leading segments, empty when the pattern starts with a wildcard or variable
   */
  default List<String> literalPrefix(String pattern) {
    return List.of();
  }

  /**
   * A segment of a request's path as the matchers compare it (for Spring's patterns: decoded,
   * without matrix parameters). Called only when {@link #literalPrefix} gave some pattern a
   * non-empty prefix; it runs on every request, so it should not allocate.
   *
   * @param request the request
   * @param index the segment's position, 0 for the first
   * @return the segment, or {@code null} when the path has fewer segments
   */
  default @Nullable String pathSegment(RoutingRequest request, int index) {
    return null;
  }
}
