package dev.strangler.gateway.shadow;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

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
          List<String> kept = keptValues(headers, name);
          if (kept != null) {
            kept.addAll(values);
          }
        });
    return headers;
  }

  /**
   * Copies the comparable headers of Netty's headers, in one pass over their entries: Spring's view
   * of the same headers would build a set of their names first and look each one up again.
   *
   * @param netty the headers as Netty holds them, a name once per value
   * @return name to values, names in lower case, as {@link #of(Consumer)} gives them
   */
  static Map<String, List<String>> of(io.netty.handler.codec.http.HttpHeaders netty) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, String>> entries = netty.iteratorAsString();
        entries.hasNext(); ) {
      Map.Entry<String, String> entry = entries.next();
      List<String> kept = keptValues(headers, entry.getKey());
      if (kept != null) {
        kept.add(entry.getValue());
      }
    }
    return headers;
  }

  /** The values kept for a header name, or null when the name is not compared. */
  private static @Nullable List<String> keptValues(Map<String, List<String>> headers, String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (TRANSPORT.contains(lower) || lower.startsWith("x-strangler-")) {
      return null;
    }
    return headers.computeIfAbsent(lower, key -> new ArrayList<>());
  }
}
