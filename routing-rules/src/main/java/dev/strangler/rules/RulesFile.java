package dev.strangler.rules;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * A valid rules file: the catch-all legacy and the routes, tried in order.
 *
 * @param legacy where requests that match no route go; absolute http(s) URI with a host
 * @param routes the routes in file order, ids unique; may be empty
 * @param version a short hash of the source text that tells two versions of the file apart; see
 *     {@link #versionOf(String)}
 */
public record RulesFile(URI legacy, List<RouteRule> routes, String version) {

  /**
   * Copies the routes and checks the values.
   *
   * @param legacy where requests that match no route go; absolute http(s) URI with a host
   * @param routes the routes in file order, ids unique; may be empty
   * @param version a short hash of the source text that tells two versions of the file apart; see
   *     {@link #versionOf(String)}
   * @throws IllegalArgumentException if {@code legacy} is not an absolute http(s) URI with a host,
   *     two routes share an id, or the version is blank
   * @throws NullPointerException if an argument or a route is null
   */
  public RulesFile {
    HttpSyntax.requireBackend(Objects.requireNonNull(legacy, "legacy"), "legacy");
    routes = List.copyOf(routes);
    Set<String> ids = new HashSet<>();
    for (RouteRule route : routes) {
      if (!ids.add(route.id())) {
        throw new IllegalArgumentException("routes: " + route.id() + " (expected: unique ids)");
      }
    }
    Objects.requireNonNull(version, "version");
    if (version.isBlank()) {
      throw new IllegalArgumentException("version: '' (expected: a non-blank version)");
    }
  }

  /**
   * Finds a route by id.
   *
   * @param id the route id
   * @return the route, or empty if the file has none with that id
   */
  public Optional<RouteRule> route(String id) {
    for (RouteRule route : routes) {
      if (route.id().equals(id)) {
        return Optional.of(route);
      }
    }
    return Optional.empty();
  }

  /**
   * The version of a source text: the first 12 hex digits of the SHA-256 of its UTF-8 bytes. Stable
   * across runs and replicas; any change of the text, even in a comment, changes it.
   *
   * @param sourceText the rules file as read
   * @return 12 lower-case hex digits
   */
  public static String versionOf(String sourceText) {
    return DigestUtils.sha256Hex(sourceText.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
  }
}
