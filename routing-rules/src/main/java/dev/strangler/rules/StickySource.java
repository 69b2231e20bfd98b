package dev.strangler.rules;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a canary route finds the key that keeps a client on one side: a header, a cookie, a query
 * parameter, the client address, or a cookie the gateway assigns.
 *
 * <p>Wire form: {@code header:X-User-Id}, {@code cookie:session}, {@code query:user}, {@code ip},
 * {@code assign-cookie} or {@code assign-cookie:NAME}.
 *
 * <p>{@link Kind#ASSIGN_COOKIE assign-cookie} goes last in {@code sticky-by}: when no earlier
 * source gives a key, the router makes a random key, buckets by it and asks the gateway to set it
 * as a cookie (see {@link RoutingDecision#assignedKey()}); the browser sends it back, and this
 * source reads it as the key from then on, so an anonymous browser keeps its side.
 *
 * @param kind where to look
 * @param name the header, cookie or query parameter name; {@code null} for {@link Kind#IP}; for
 *     {@link Kind#ASSIGN_COOKIE} the cookie's name, {@value #ASSIGNED_COOKIE} unless given
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
    IP,
    /** A cookie the gateway sets with a random key when no earlier source gives one. */
    ASSIGN_COOKIE;

    /**
     * Returns the wire form of this kind.
     *
     * @return {@code header}, {@code cookie}, {@code query}, {@code ip} or {@code assign-cookie}
     */
    public String wireName() {
      return WireNames.of(this);
    }
  }

  /** The name of the cookie {@code assign-cookie} sets unless it names another. */
  public static final String ASSIGNED_COOKIE = "strangler-key";

  /** The expectation that error messages give for a malformed source. */
  static final String EXPECTATION =
      "header:<name>, cookie:<name>, query:<name>, ip or assign-cookie[:<name>]";

  /**
   * Checks that a name is present exactly when the kind needs one, and that header and cookie names
   * are RFC 9110 tokens.
   *
   * @param kind where to look
   * @param name the header, cookie or query parameter name; {@code null} for {@link Kind#IP}; for
   *     {@link Kind#ASSIGN_COOKIE} the cookie's name, {@value #ASSIGNED_COOKIE} when {@code null}
   * @throws IllegalArgumentException if the name does not fit the kind
   * @throws NullPointerException if {@code kind} is null
   */
  public StickySource {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.ASSIGN_COOKIE && name == null) {
      name = ASSIGNED_COOKIE;
    }
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
   * @param wireName {@code header:<name>}, {@code cookie:<name>}, {@code query:<name>}, {@code ip}
   *     or {@code assign-cookie[:<name>]}; the kind ignores case, the name is kept as written
   * @return the source
   * @throws IllegalArgumentException if {@code wireName} is none of these forms
   */
  public static StickySource parse(String wireName) {
    Objects.requireNonNull(wireName, "wireName");
    String text = wireName.strip();
    int colon = text.indexOf(':');
    String kindName = colon < 0 ? text : text.substring(0, colon);
    Kind kind = WireNames.lookup(Kind.values(), kindName);
    boolean nameOptional = kind == Kind.ASSIGN_COOKIE;
    if (kind == null || (!nameOptional && (kind == Kind.IP) != (colon < 0))) {
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
          case COOKIE, ASSIGN_COOKIE -> request.cookie(requireName());
          case QUERY -> request.queryParam(requireName());
          case IP -> request.remoteAddress();
        };
    return value == null || value.isBlank() ? null : value;
  }

  /**
   * Whether the gateway assigns this source's key when no earlier source gives one.
   *
   * @return {@code true} for {@link Kind#ASSIGN_COOKIE}
   */
  public boolean assigns() {
    return kind == Kind.ASSIGN_COOKIE;
  }

  /**
   * Returns the wire form of this source.
   *
   * @return for example {@code header:X-User-Id}, {@code ip} or {@code assign-cookie:strangler-key}
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
