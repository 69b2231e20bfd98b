package dev.strangler.rules;

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
   * @throws IllegalArgumentException if the pattern is not valid; the message says why and
   *     becomes the expectation of the rule violation
   */
  PathMatcher compile(String pattern);
}
