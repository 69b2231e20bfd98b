package dev.strangler.rules;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One route of the rules file: which requests it takes, its two sides, and how it moves traffic
 * between them.
 *
 * <p>Values are effective: defaults are filled in by the parser ({@code legacy} from the top level,
 * {@code salt} from the id, the shadow percent from the mode).
 *
 * @param id the route's name, matching {@value #ID_SYNTAX}; unique in a file
 * @param paths path patterns, at least one, in the syntax of the gateway's {@link
 *     PathMatcherFactory}
 * @param methods upper-case methods the route takes, in file order; empty means every method
 * @param legacy the legacy side; absolute http(s) URI with a host
 * @param modern the modern side; absolute http(s) URI with a host
 * @param rollout mode and canary percent as written in the file
 * @param stickyBy where the canary key is read from, first present source wins; may be empty (every
 *     request is then bucketed at random)
 * @param salt prefix of every hashed key, so that routes bucket independently; default the id
 * @param modernFilters the filters of every call to modern, in file order; may be empty
 * @param legacyFilters the filters of every call to legacy, in file order; may be empty
 * @param preserveHost {@code true} to send the client's {@code Host} header to the backends, {@code
 *     false} (the default) to send the backend's own
 * @param fallback fallback to legacy when modern fails
 * @param shadow mirroring and comparison
 * @param plan automated rollout, or {@code null} for none
 * @param targets the requests that go to one side whatever the percent, in canary mode
 */
public record RouteRule(
    String id,
    List<String> paths,
    Set<String> methods,
    URI legacy,
    URI modern,
    Rollout rollout,
    List<StickySource> stickyBy,
    String salt,
    List<RequestFilter> modernFilters,
    List<RequestFilter> legacyFilters,
    boolean preserveHost,
    FallbackPolicy fallback,
    ShadowPolicy shadow,
    @Nullable PlanSettings plan,
    Targets targets) {

  /** The syntax of a route id. */
  public static final String ID_SYNTAX = "[a-z0-9][a-z0-9-]{0,62}";

  /** {@link #ID_SYNTAX} compiled. */
  public static final Pattern ID_PATTERN = Pattern.compile(ID_SYNTAX);

  /**
   * What a route id may not be: {@value RoutingDecision#CATCH_ALL_ROUTE_ID} names the requests that
   * match no route in headers, metrics, history and progress, so a route of that name would mix
   * with them.
   */
  public static final String ID_NOT_RESERVED =
      "an id other than "
          + RoutingDecision.CATCH_ALL_ROUTE_ID
          + ", which names the requests no route matches";

  /**
   * Copies the collections and checks each value.
   *
   * @param id the route's name, matching {@value #ID_SYNTAX}; unique in a file
   * @param paths path patterns, at least one, in the syntax of the gateway's {@link
   *     PathMatcherFactory}
   * @param methods upper-case methods the route takes, in file order; empty means every method
   * @param legacy the legacy side; absolute http(s) URI with a host
   * @param modern the modern side; absolute http(s) URI with a host
   * @param rollout mode and canary percent as written in the file
   * @param stickyBy where the canary key is read from, first present source wins; may be empty
   *     (every request is then bucketed at random)
   * @param salt prefix of every hashed key, so that routes bucket independently; default the id
   * @param modernFilters the filters of every call to modern, in file order; may be empty
   * @param legacyFilters the filters of every call to legacy, in file order; may be empty
   * @param preserveHost {@code true} to send the client's {@code Host} header to the backends,
   *     {@code false} (the default) to send the backend's own
   * @param fallback fallback to legacy when modern fails
   * @param shadow mirroring and comparison
   * @param plan automated rollout, or {@code null} for none
   * @param targets the requests that go to one side whatever the percent, in canary mode
   * @throws IllegalArgumentException if the id does not match {@value #ID_SYNTAX} or is {@value
   *     RoutingDecision#CATCH_ALL_ROUTE_ID}, there is no path or a path is blank, a method is not
   *     an upper-case HTTP method, a side is not an absolute http(s) URI with a host, the salt is
   *     empty, {@code assign-cookie} is not the last sticky source or comes after {@code ip}, or
   *     the targets list keys while no sticky source gives one
   * @throws NullPointerException if an argument other than {@code plan}, or an element, is null
   */
  public RouteRule {
    Objects.requireNonNull(id, "id");
    if (!ID_PATTERN.matcher(id).matches()) {
      throw new IllegalArgumentException("id: " + id + " (expected: " + ID_SYNTAX + ")");
    }
    if (id.equals(RoutingDecision.CATCH_ALL_ROUTE_ID)) {
      throw new IllegalArgumentException("id: " + id + " (expected: " + ID_NOT_RESERVED + ")");
    }
    paths = List.copyOf(paths);
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("paths: [] (expected: at least one path)");
    }
    for (String path : paths) {
      if (path.isBlank()) {
        throw new IllegalArgumentException("paths: '" + path + "' (expected: a path pattern)");
      }
    }
    methods = requireMethods("methods", methods);
    HttpSyntax.requireBackend(Objects.requireNonNull(legacy, "legacy"), "legacy");
    HttpSyntax.requireBackend(Objects.requireNonNull(modern, "modern"), "modern");
    Objects.requireNonNull(rollout, "rollout");
    stickyBy = List.copyOf(stickyBy);
    MisplacedSource misplaced = misplacedSource(stickyBy);
    if (misplaced != null) {
      throw new IllegalArgumentException(
          "sticky-by["
              + misplaced.index()
              + "]: "
              + stickyBy.get(misplaced.index())
              + " (expected: "
              + misplaced.expected()
              + ")");
    }
    Objects.requireNonNull(salt, "salt");
    if (salt.isEmpty()) {
      throw new IllegalArgumentException("salt: '' (expected: a non-empty string)");
    }
    modernFilters = List.copyOf(modernFilters);
    legacyFilters = List.copyOf(legacyFilters);
    Objects.requireNonNull(fallback, "fallback");
    Objects.requireNonNull(shadow, "shadow");
    Objects.requireNonNull(targets, "targets");
    if (stickyBy.isEmpty() && targets.hasKeys()) {
      throw new IllegalArgumentException(
          "targets: " + targets + " (expected: " + Targets.KEYS_NEED_STICKY_BY + ")");
    }
  }

  /**
   * A route without targets.
   *
   * @param id the route's name
   * @param paths path patterns
   * @param methods methods the route takes, empty for every method
   * @param legacy the legacy side
   * @param modern the modern side
   * @param rollout mode and canary percent
   * @param stickyBy where the canary key is read from
   * @param salt prefix of every hashed key
   * @param modernFilters the filters of every call to modern
   * @param legacyFilters the filters of every call to legacy
   * @param preserveHost whether the client's {@code Host} goes to the backends
   * @param fallback fallback to legacy when modern fails
   * @param shadow mirroring and comparison
   * @param plan automated rollout, or {@code null} for none
   * @throws IllegalArgumentException as the canonical constructor
   * @throws NullPointerException as the canonical constructor
   */
  public RouteRule(
      String id,
      List<String> paths,
      Set<String> methods,
      URI legacy,
      URI modern,
      Rollout rollout,
      List<StickySource> stickyBy,
      String salt,
      List<RequestFilter> modernFilters,
      List<RequestFilter> legacyFilters,
      boolean preserveHost,
      FallbackPolicy fallback,
      ShadowPolicy shadow,
      @Nullable PlanSettings plan) {
    this(
        id,
        paths,
        methods,
        legacy,
        modern,
        rollout,
        stickyBy,
        salt,
        modernFilters,
        legacyFilters,
        preserveHost,
        fallback,
        shadow,
        plan,
        Targets.NONE);
  }

  /**
   * A misplaced {@code assign-cookie} in a {@code sticky-by} list.
   *
   * @param index where it is
   * @param expected what the list should be
   */
  record MisplacedSource(int index, String expected) {}

  /**
   * What is wrong with the order of sticky sources: {@code assign-cookie} must be the last one and
   * must not follow {@code ip}, which is always present.
   *
   * @return the misplaced source, or null when the order is fine
   */
  static @Nullable MisplacedSource misplacedSource(List<StickySource> stickyBy) {
    for (int i = 0; i < stickyBy.size(); i++) {
      if (!stickyBy.get(i).assigns()) {
        continue;
      }
      if (i != stickyBy.size() - 1) {
        return new MisplacedSource(i, "assign-cookie last in sticky-by, as it always gives a key");
      }
      if (stickyBy.stream().anyMatch(other -> other.kind() == StickySource.Kind.IP)) {
        return new MisplacedSource(i, "no assign-cookie after ip, which always gives a key");
      }
    }
    return null;
  }

  /**
   * Whether this route takes requests with {@code method}.
   *
   * @param method the request method; compared ignoring case
   * @return {@code true} if {@link #methods()} is empty or contains {@code method}
   */
  public boolean allowsMethod(String method) {
    return methods.isEmpty() || methods.contains(method.toUpperCase(Locale.ROOT));
  }

  /**
   * Returns the URI of one side.
   *
   * @param target the side
   * @return {@link #legacy()} or {@link #modern()}
   */
  public URI uri(Target target) {
    return target == Target.LEGACY ? legacy : modern;
  }

  /**
   * Returns the filters of the calls to one side.
   *
   * @param target the side
   * @return {@link #legacyFilters()} or {@link #modernFilters()}
   */
  public List<RequestFilter> filters(Target target) {
    return target == Target.LEGACY ? legacyFilters : modernFilters;
  }

  /**
   * Returns this route with another rollout, the shadow percent re-resolved for its mode when the
   * file left it to the mode (see {@link ShadowPolicy#forMode(Mode)}).
   *
   * @param newRollout the rollout in force
   * @return the route as it behaves under {@code newRollout}
   */
  public RouteRule withRollout(Rollout newRollout) {
    return new RouteRule(
        id,
        paths,
        methods,
        legacy,
        modern,
        newRollout,
        stickyBy,
        salt,
        modernFilters,
        legacyFilters,
        preserveHost,
        fallback,
        shadow.forMode(newRollout.mode()),
        plan,
        targets);
  }

  /**
   * Returns this route with other targets, e.g. set at runtime.
   *
   * @param newTargets the targets in force
   * @return the route with them
   * @throws IllegalArgumentException if the targets list keys while the route has no sticky source
   */
  public RouteRule withTargets(Targets newTargets) {
    return new RouteRule(
        id,
        paths,
        methods,
        legacy,
        modern,
        rollout,
        stickyBy,
        salt,
        modernFilters,
        legacyFilters,
        preserveHost,
        fallback,
        shadow,
        plan,
        newTargets);
  }

  static Set<String> requireMethods(String name, Set<String> methods) {
    Objects.requireNonNull(methods, name);
    for (String method : methods) {
      if (!HttpSyntax.METHODS.contains(Objects.requireNonNull(method, name))) {
        throw new IllegalArgumentException(
            name + ": " + method + " (expected: " + HttpSyntax.METHOD_EXPECTATION + ")");
      }
    }
    return Collections.unmodifiableSet(new LinkedHashSet<>(methods));
  }
}
