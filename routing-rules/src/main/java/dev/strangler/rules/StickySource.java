package dev.strangler.rules;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a canary route finds the key that keeps a client on one side: a header, a cookie, a query
 * parameter or the client address.
 *
 * <p>Wire form: {@code header:X-User-Id}, {@code cookie:session}, {@code query:user}, {@code ip}.
 *
 * @param kind where to look
 * @param name the header, cookie or query parameter name; {@code null} for {@link Kind#IP}
 */
public record StickySource(Kind kind, @Nullable String name) {

  /** Where a sticky key is read from. */
  public enum Kind {
    /** A request header, matched ignoring case. */
    HEADER,
    /** A request cookie. */
    COOKIE,
    /** A query parameter. */
    QUERY,
    /** The client address as the gateway sees it. */
    IP;

    /**
     * Returns the wire form of this kind.
     *
     * @return {@code header}, {@code cookie}, {@code query} or {@code ip}
     */
    public String wireName() {
      return WireNames.of(this);
    }
  }

  /** The expectation that error messages give for a malformed source. */
  static final String EXPECTATION = "header:<name>, cookie:<name>, query:<name> or ip";

  /**
   * Checks that a name is present exactly when the kind needs one, and that header and cookie names
   * are RFC 9110 tokens.
   *
   * @param kind where to look
   * @param name the header, cookie or query parameter name; {@code null} for {@link Kind#IP}
   * @throws IllegalArgumentException if the name does not fit the kind
   * @throws NullPointerException if {@code kind} is null
   */
  public StickySource {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.IP) {
      if (name != null) {
        throw new IllegalArgumentException("sticky-by: ip:" + name + " (expected: ip)");
      }
    } else if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(
          "sticky-by: " + kind.wireName() + ": (expected: " + kind.wireName() + ":<name>)");
    } else if (kind != Kind.QUERY && !HttpSyntax.isToken(name)) {
      throw new IllegalArgumentException(
          "sticky-by: "
              + kind.wireName()
              + ":"
              + name
              + " (expected: a "
              + kind.wireName()
              + " name made of token characters)");
    }
  }

  /**
   * Parses the wire form of a source.
   *
   * @param wireName {@code header:<name>}, {@code cookie:<name>}, {@code query:<name>} or {@code
   *     ip}; the kind ignores case, the name is kept as written
   * @return the source
   * @throws IllegalArgumentException if {@code wireName} is none of these forms
   */
  public static StickySource parse(String wireName) {
    Objects.requireNonNull(wireName, "wireName");
    String text = wireName.strip();
    int colon = text.indexOf(':');
    String kindName = colon < 0 ? text : text.substring(0, colon);
    Kind kind = WireNames.lookup(Kind.values(), kindName);
    if (kind == null || (kind == Kind.IP) != (colon < 0)) {
      throw new IllegalArgumentException(
          "sticky-by: " + wireName + " (expected: " + EXPECTATION + ")");
    }
    return new StickySource(kind, colon < 0 ? null : text.substring(colon + 1));
  }

  /**
   * Reads this source's key from a request.
   *
   * @param request the request
   * @return the value, or {@code null} when the request lacks it or it is blank
   */
  public @Nullable String keyOf(RoutingRequest request) {
    String value =
        switch (kind) {
          case HEADER -> request.header(requireName());
          case COOKIE -> request.cookie(requireName());
          case QUERY -> request.queryParam(requireName());
          case IP -> request.remoteAddress();
        };
    return value == null || value.isBlank() ? null : value;
  }

  /**
   * Returns the wire form of this source.
   *
   * @return for example {@code header:X-User-Id} or {@code ip}
   */
  public String wireName() {
    return name == null ? kind.wireName() : kind.wireName() + ":" + name;
  }

  /**
   * Returns the wire form.
   *
   * @return the same as {@link #wireName()}
   */
  @Override
  public String toString() {
    return wireName();
  }

  private String requireName() {
    return Objects.requireNonNull(name, "name");
  }
}
