package dev.strangler.rules;

import java.util.Locale;

/**
 * Why {@link PathPolicy} refuses a request path: each is a shape that a backend, a servlet
 * container or an RFC 3986 resolver may resolve to another path than the one the routes are matched
 * on.
 *
 * <p>Tag form (metrics, problem documents): the lower-case name, e.g. {@code dot_segment}.
 */
public enum PathRefusal {
  /** A segment {@code .} or {@code ..}, raw or percent-encoded in any case ({@code %2e%2E}). */
  DOT_SEGMENT("a dot-segment (. or ..), raw or percent-encoded"),
  /**
   * A segment ending with a dot ({@code secure.}, {@code ...}): servers on Windows drop trailing
   * dots, so {@code /api/secure./x} is served as {@code /api/secure/x}.
   */
  TRAILING_DOT("a segment ending with a dot"),
  /** An empty segment inside the path ({@code //}): servlet containers merge slashes. */
  EMPTY_SEGMENT("an empty segment (//)"),
  /** An encoded slash ({@code %2F}), which some servers decode into a separator. */
  ENCODED_SLASH("an encoded slash (%2F)"),
  /** A backslash, raw or encoded ({@code %5C}), which some servers treat as a separator. */
  BACKSLASH("a backslash, raw or encoded (%5C)"),
  /** An encoded percent sign ({@code %25}): double encoding, decoded once more by some servers. */
  ENCODED_PERCENT("an encoded percent sign (%25)"),
  /** A {@code ;} path parameter, raw or encoded ({@code %3B}), not allowed by the policy. */
  PATH_PARAMETER("a ; path parameter"),
  /** NUL or another control character (C0, DEL, C1), raw or percent-encoded. */
  CONTROL_CHARACTER("a NUL or control character"),
  /** A character that a path may not hold unencoded, e.g. a space or a non-ASCII byte. */
  INVALID_CHARACTER("a character that must be percent-encoded"),
  /** A {@code %} not followed by two hexadecimal digits. */
  MALFORMED_ENCODING("a malformed percent-encoding"),
  /** An overlong UTF-8 form ({@code %C0%AE} for {@code .}), which lax decoders accept. */
  OVERLONG_UTF8("an overlong UTF-8 sequence");

  private final String description;

  private final String tag;

  PathRefusal(String description) {
    this.description = description;
    this.tag = name().toLowerCase(Locale.ROOT);
  }

  /**
   * Returns the tag form.
   *
   * @return e.g. {@code dot_segment}
   */
  public String tag() {
    return tag;
  }

  /**
   * Returns what the path holds, for a person; never quotes the path itself.
   *
   * @return e.g. {@code a dot-segment (. or ..), raw or percent-encoded}
   */
  public String description() {
    return description;
  }
}
