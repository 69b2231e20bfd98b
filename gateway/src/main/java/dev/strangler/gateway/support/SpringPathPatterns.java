package dev.strangler.gateway.support;

import dev.strangler.rules.PathMatcher;
import dev.strangler.rules.PathMatcherFactory;
import dev.strangler.rules.RoutingRequest;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * Compiles rule paths with Spring's {@link PathPatternParser}, the syntax the rules file documents.
 * A pattern is parsed once per rules version; a request path is parsed once per request and shared
 * by every pattern tried, and by the router's index of literal prefixes.
 */
public final class SpringPathPatterns implements PathMatcherFactory {

  /** Characters that make a pattern segment more than plain text. */
  private static final String NOT_LITERAL = "*?{}%;\\";

  private final PathPatternParser parser = PathPatternParser.defaultInstance;

  @Override
  public PathMatcher compile(String pattern) {
    if (pattern.isEmpty() || pattern.charAt(0) != '/') {
      throw new IllegalArgumentException("a path pattern starting with /");
    }
    PathPattern compiled;
    try {
      compiled = parser.parse(pattern);
    } catch (PatternParseException ex) {
      throw new IllegalArgumentException("a Spring PathPattern (" + ex.getMessage() + ")", ex);
    }
    return request -> compiled.matches(pathOf(request));
  }

  /**
   * The pattern's segments up to the first that is not plain text (a wildcard, a variable, an
   * encoded character, matrix parameters) or is empty: Spring compares such a segment with the
   * request's decoded segment as it is.
   */
  @Override
  public List<String> literalPrefix(String pattern) {
    List<String> prefix = new ArrayList<>();
    for (String segment : pattern.substring(1).split("/", -1)) {
      if (segment.isEmpty() || !isLiteral(segment)) {
        break;
      }
      prefix.add(segment);
    }
    return List.copyOf(prefix);
  }

  @Override
  public @Nullable String pathSegment(RoutingRequest request, int index) {
    List<PathContainer.Element> elements = pathOf(request).elements();
    int seen = 0;
    for (int i = 0; i < elements.size(); i++) {
      PathContainer.Element element = elements.get(i);
      // a separator of a URL path is "/", which no segment can be
      if (!isSeparator(element.value()) && seen++ == index) {
        return ((PathContainer.PathSegment) element).valueToMatch();
      }
    }
    return null;
  }

  private static boolean isSeparator(String value) {
    return value.length() == 1 && value.charAt(0) == '/';
  }

  private static boolean isLiteral(String segment) {
    for (int i = 0; i < segment.length(); i++) {
      if (NOT_LITERAL.indexOf(segment.charAt(i)) >= 0) {
        return false;
      }
    }
    return true;
  }

  private static PathContainer pathOf(RoutingRequest request) {
    if (request instanceof ExchangeRoutingRequest exchangeRequest) {
      return exchangeRequest.pathContainer();
    }
    return PathContainer.parsePath(request.path());
  }
}
