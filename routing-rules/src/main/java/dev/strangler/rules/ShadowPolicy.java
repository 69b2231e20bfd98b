package dev.strangler.rules;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How a route mirrors requests to the side that did not answer, and how the two answers are
 * compared.
 *
 * <p>Mirroring happens in shadow, canary and modern mode, never in legacy mode. When the file gives
 * no {@code percent}, the share follows the mode: 100 in shadow mode, 0 in the others. The parser
 * resolves it for the file's mode and sets {@link #percentDefaulted()}, so that {@link
 * #forMode(Mode)} can resolve it again when the rollout changes at runtime.
 *
 * @param percent share of eligible requests mirrored, for the route's mode
 * @param methods methods that are mirrored, upper case, in file order; default {@code GET, HEAD};
 *     may be empty (nothing is mirrored)
 * @param timeout how long to wait for the mirrored response; positive, default 5s
 * @param secondary a second legacy instance that also gets the request, so that differences legacy
 *     shows against itself are recognised as noise; default none
 * @param compare what the comparison ignores; default {@link CompareSettings#defaults()}
 * @param redactFields JSON paths, each starting with {@code $}, of values that samples store
 *     redacted; default none
 * @param percentDefaulted {@code true} when the file gave no {@code percent}, so that it follows
 *     the mode
 */
public record ShadowPolicy(
    Percent percent,
    Set<String> methods,
    Duration timeout,
    @Nullable URI secondary,
    CompareSettings compare,
    List<String> redactFields,
    boolean percentDefaulted) {

  /** The methods mirrored unless the file says otherwise. */
  public static final Set<String> DEFAULT_METHODS =
      Collections.unmodifiableSet(new LinkedHashSet<>(List.of("GET", "HEAD")));

  /** The mirrored response timeout unless the file says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Copies the collections and checks each value.
   *
   * @param percent share of eligible requests mirrored, for the route's mode
   * @param methods methods that are mirrored, upper case, in file order; default {@code GET, HEAD};
   *     may be empty (nothing is mirrored)
   * @param timeout how long to wait for the mirrored response; positive, default 5s
   * @param secondary a second legacy instance that also gets the request, so that differences
   *     legacy shows against itself are recognised as noise; default none
   * @param compare what the comparison ignores; default {@link CompareSettings#defaults()}
   * @param redactFields JSON paths, each starting with {@code $}, of values that samples store
   *     redacted; default none
   * @param percentDefaulted {@code true} when the file gave no {@code percent}, so that it follows
   *     the mode
   * @throws IllegalArgumentException if a method is not an upper-case HTTP method, the timeout is
   *     not positive, the secondary is not an absolute http(s) URI with a host, or a redact field
   *     is not a JSON path
   * @throws NullPointerException if an argument other than {@code secondary}, or an element, is
   *     null
   */
  public ShadowPolicy {
    Objects.requireNonNull(percent, "percent");
    methods = RouteRule.requireMethods("shadow.methods", methods);
    Bounds.requirePositive("timeout", timeout);
    if (secondary != null) {
      HttpSyntax.requireBackend(secondary, "secondary");
    }
    Objects.requireNonNull(compare, "compare");
    redactFields = CompareSettings.requireJsonPaths("redact-fields", redactFields);
  }

  /**
   * Creates a policy whose percent was given explicitly.
   *
   * @param percent share of eligible requests mirrored
   * @param methods methods that are mirrored, upper case
   * @param timeout how long to wait for the mirrored response; positive
   * @param secondary a second legacy instance, or {@code null}
   * @param compare what the comparison ignores
   * @param redactFields JSON paths of values stored redacted
   * @throws IllegalArgumentException as the canonical constructor
   */
  public ShadowPolicy(
      Percent percent,
      Set<String> methods,
      Duration timeout,
      @Nullable URI secondary,
      CompareSettings compare,
      List<String> redactFields) {
    this(percent, methods, timeout, secondary, compare, redactFields, false);
  }

  /**
   * Returns the defaults for a mode: percent 100 in shadow mode and 0 otherwise (following the
   * mode), methods {@code GET, HEAD}, timeout 5s, no secondary, default comparison, nothing
   * redacted.
   *
   * @param mode the route's mode
   * @return the default policy
   */
  public static ShadowPolicy defaults(Mode mode) {
    return new ShadowPolicy(
        defaultPercent(mode),
        DEFAULT_METHODS,
        DEFAULT_TIMEOUT,
        null,
        CompareSettings.defaults(),
        List.of(),
        true);
  }

  /**
   * The share mirrored when the file gives none.
   *
   * @param mode the route's mode
   * @return 100 in {@link Mode#SHADOW} mode, else 0
   */
  public static Percent defaultPercent(Mode mode) {
    return mode == Mode.SHADOW ? Percent.HUNDRED : Percent.ZERO;
  }

  /**
   * Returns this policy for a route in {@code mode}: with the percent re-resolved when it {@link
   * #percentDefaulted() follows the mode}, else this policy unchanged.
   *
   * @param mode the route's effective mode
   * @return the policy in force in that mode
   */
  public ShadowPolicy forMode(Mode mode) {
    Percent effective = defaultPercent(mode);
    if (!percentDefaulted || effective.equals(percent)) {
      return this;
    }
    return new ShadowPolicy(effective, methods, timeout, secondary, compare, redactFields, true);
  }
}
