package dev.strangler.gateway.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1): meant for one connection, never forwarded by a proxy. The
 * fixed set is Spring Cloud Gateway's ({@code RemoveHopByHopHeadersFilter}) plus {@code
 * Proxy-Connection}; a message adds the headers its {@code Connection} header names.
 */
final class HopByHopHeaders {

  private static final String[] FIXED = {
    "Connection",
    "Keep-Alive",
    "Proxy-Connection",
    "Transfer-Encoding",
    "TE",
    "Trailer",
    "Upgrade",
    "Proxy-Authorization",
    "Proxy-Authenticate",
    "X-Application-Context"
  };

  private HopByHopHeaders() {}

  /**
   * The headers a message's {@code Connection} header names.
   *
   * @param headers a message's headers
   * @return the lower-case header names its {@code Connection} header lists; empty (and no
   *     allocation) when it has none, as on most keep-alive requests
   */
  static List<String> connectionTokens(HttpHeaders headers) {
    List<String> values = headers.get(HttpHeaders.CONNECTION);
    if (values == null || values.isEmpty()) {
      return List.of();
    }
    List<String> tokens = new ArrayList<>(2);
    for (String value : values) {
      for (String token : value.split(",", -1)) {
        String trimmed = token.trim();
        if (!trimmed.isEmpty()) {
          tokens.add(trimmed.toLowerCase(Locale.ROOT));
        }
      }
    }
    return tokens;
  }

  /**
   * Tells whether a header is hop-by-hop.
   *
   * @param name a header name, in any case
   * @param connectionTokens what {@link #connectionTokens} gave for the same message
   * @return whether the header must not be forwarded
   */
  static boolean isHopByHop(String name, List<String> connectionTokens) {
    for (String fixed : FIXED) {
      if (fixed.length() == name.length() && fixed.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return !connectionTokens.isEmpty() && connectionTokens.contains(name.toLowerCase(Locale.ROOT));
  }
}
