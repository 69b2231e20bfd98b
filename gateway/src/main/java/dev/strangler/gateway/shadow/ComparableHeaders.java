package dev.strangler.gateway.shadow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The headers of a response that say something about its content. Transport headers (hop-by-hop,
 * {@code Content-Length}, which differs between chunked and fixed-length answers of the same body)
 * and Strangler's own headers are left out before comparison; everything else is compared unless
 * the route lists it in {@code compare.ignore-headers}.
 */
final class ComparableHeaders {

  private static final Set<String> TRANSPORT =
      Set.of(
          "connection",
          "keep-alive",
          "transfer-encoding",
          "te",
          "trailer",
          "upgrade",
          "proxy-authenticate",
          "proxy-connection",
          "content-length",
          "x-request-id");

  private ComparableHeaders() {}

  /**
   * Copies the comparable headers.
   *
   * @param forEach a header source's forEach
   * @return name to values, names in lower case
   */
  static Map<String, List<String>> of(Consumer<BiConsumer<String, List<String>>> forEach) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    forEach.accept(
        (name, values) -> {
          String lower = name.toLowerCase(Locale.ROOT);
          if (!TRANSPORT.contains(lower) && !lower.startsWith("x-strangler-")) {
            headers.computeIfAbsent(lower, key -> new java.util.ArrayList<>()).addAll(values);
          }
        });
    return headers;
  }
}
