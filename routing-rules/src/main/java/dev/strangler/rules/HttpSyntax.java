package dev.strangler.rules;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The few pieces of HTTP syntax the rules check: methods, tokens and backend URIs. */
final class HttpSyntax {

  /** The methods a route may name, in the order error messages list them. */
  static final List<String> METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE");

  static final String METHOD_EXPECTATION = "one of " + String.join(", ", METHODS);

  static final String URI_EXPECTATION =
      "an absolute http or https URI with a host and no path, query or fragment,"
          + " e.g. http://legacy:8080";

  private static final String TOKEN_PUNCTUATION = "!#$%&'*+-.^_`|~";

  private HttpSyntax() {}

  /** The upper-case method, or {@code null} when it is not one of {@link #METHODS}. */
  static @Nullable String method(String method) {
    String upper = method.strip().toUpperCase(Locale.ROOT);
    return METHODS.contains(upper) ? upper : null;
  }

  /** Whether {@code value} is an RFC 9110 token, the syntax of header and cookie names. */
  static boolean isToken(String value) {
    if (value.isEmpty()) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean alphaNumeric =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alphaNumeric && TOKEN_PUNCTUATION.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code uri} can stand for a backend: absolute, http or https, with a host, and nothing
   * after the authority but an optional {@code /}.
   */
  static boolean isBackend(URI uri) {
    String scheme = uri.getScheme();
    String path = uri.getRawPath();
    return scheme != null
        && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        && uri.getHost() != null
        && uri.getRawUserInfo() == null
        && (path == null || path.isEmpty() || path.equals("/"))
        && uri.getRawQuery() == null
        && uri.getRawFragment() == null;
  }

  /**
   * Parses a backend URI, dropping a lone trailing {@code /} so that {@code http://a:80/} and
   * {@code http://a:80} are the same backend.
   *
   * @return the URI, or {@code null} when {@code text} is not a backend URI
   */
  static @Nullable URI parseBackend(String text) {
    String trimmed = text.strip();
    URI uri;
    try {
      uri = new URI(trimmed);
    } catch (URISyntaxException e) {
      return null;
    }
    if (!isBackend(uri)) {
      return null;
    }
    return "/".equals(uri.getRawPath())
        ? URI.create(trimmed.substring(0, trimmed.length() - 1))
        : uri;
  }

  /**
   * Checks a backend URI held by a record.
   *
   * @throws IllegalArgumentException naming {@code what} when it is not a backend URI
   */
  static URI requireBackend(URI uri, String what) {
    if (!isBackend(uri)) {
      throw new IllegalArgumentException(
          what + ": " + uri + " (expected: " + URI_EXPECTATION + ")");
    }
    return uri;
  }
}
