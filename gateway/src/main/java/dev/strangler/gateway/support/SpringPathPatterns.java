package dev.strangler.gateway.support;

import dev.strangler.rules.PathMatcher;
import dev.strangler.rules.PathMatcherFactory;
import dev.strangler.rules.RoutingRequest;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * Compiles rule paths with Spring's {@link PathPatternParser}, the syntax the rules file
 * documents. A pattern is parsed once per rules version; a request path is parsed once per
 * request and shared by every pattern tried.
 */
public final class SpringPathPatterns implements PathMatcherFactory {

  private final PathPatternParser parser = PathPatternParser.defaultInstance;

  @Override
  public PathMatcher compile(String pattern) {
    if (pattern.isEmpty() || pattern.charAt(0) != '/') {
      throw new IllegalArgumentException("a path pattern starting with /");
    }
    PathPattern compiled;
    try {
      compiled = parser.parse(pattern);
    }
    catch (PatternParseException ex) {
      throw new IllegalArgumentException("a Spring PathPattern (" + ex.getMessage() + ")", ex);
    }
    return request -> compiled.matches(pathOf(request));
  }

  private static PathContainer pathOf(RoutingRequest request) {
    if (request instanceof ExchangeRoutingRequest exchangeRequest) {
      return exchangeRequest.pathContainer();
    }
    return PathContainer.parsePath(request.path());
  }

}
