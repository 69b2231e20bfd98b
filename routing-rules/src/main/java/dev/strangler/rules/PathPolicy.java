package dev.strangler.rules;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which request paths may be routed: a path is refused when a backend may resolve it to another
 * path than the one the routes are matched on, so that no request is decided by one route while the
 * backend serves another route's path ({@code /api/public/..;/secure/x}, served as {@code
 * /api/secure/x} by a servlet container).
 *
 * <p>Refused by default (see {@link PathRefusal}): dot-segments raw or percent-encoded in any case,
 * segments ending with a dot, empty segments ({@code //}), encoded slashes ({@code %2F}),
 * backslashes raw or encoded, encoded percent signs ({@code %25}), {@code ;} path parameters raw or
 * encoded, NUL and other control characters raw or encoded, characters that must be encoded,
 * malformed percent-encodings and overlong UTF-8 forms. A segment with non-ASCII characters is also
 * checked in its Unicode NFKC form, so that {@code %EF%BC%8E%EF%BC%8E} (fullwidth {@code ..}) is a
 * dot-segment too. The query string is not the path's business: {@code ?next=../x} is fine.
 *
 * <p>Two exceptions can be allowed, for legacy applications that need them:
 *
 * <ul>
 *   <li>{@link Builder#allowedParameters path parameters} by name, e.g. {@code ;jsessionid=...} of
 *       a servlet application. Routes are matched on the path without them, as a servlet container
 *       resolves it; the segment before the parameters is checked as any other ({@code
 *       ..;jsessionid=x} is still a dot-segment).
 *   <li>{@link Builder#allowEncodedSlash encoded slashes}. A backend may take {@code %2F} as data
 *       inside a segment (RFC 3986) or decode it into a separator (a servlet container told to), so
 *       the path is accepted only when both readings lead to the same route (checked by {@link
 *       #check(RoutingRequest, Router)}), and each piece between decoded slashes is checked as a
 *       segment.
 * </ul>
 *
 * <p>Design: {@link #check(String)} scans the raw path once, character by character; a path without
 * percent-encodings is checked without allocating, and a verdict is a shared instance unless the
 * path holds an allowed encoded slash. A policy is immutable and thread-safe.
 */
public final class PathPolicy {

  private static final PathPolicy DEFAULTS = new PathPolicy(new String[0], false);

  /** RFC 3986 {@code pchar} without {@code %}: unreserved, sub-delims, {@code :} and {@code @}. */
  private static final boolean[] PCHAR = pchars();

  static {
    // the NFKC tables are read from the JDK on first use: here, once, not on a request's thread
    Normalizer.normalize("\uFF0E", Normalizer.Form.NFKC);
  }

  private final String[] allowedParameters;

  private final boolean allowEncodedSlash;

  private PathPolicy(String[] allowedParameters, boolean allowEncodedSlash) {
    this.allowedParameters = allowedParameters;
    this.allowEncodedSlash = allowEncodedSlash;
  }

  /**
   * Returns the strict policy: no path parameters, no encoded slashes.
   *
   * @return the shared default policy
   */
  public static PathPolicy ofDefaults() {
    return DEFAULTS;
  }

  /**
   * Starts a policy with the defaults of {@link #ofDefaults()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the path parameters this policy allows.
   *
   * @return lower-case names, empty by default
   */
  public List<String> allowedParameters() {
    return List.of(allowedParameters);
  }

  /**
   * Returns whether this policy allows encoded slashes.
   *
   * @return {@code false} by default
   */
  public boolean allowsEncodedSlash() {
    return allowEncodedSlash;
  }

  /**
   * Checks a raw path as the client sent it.
   *
   * @param rawPath the path, still percent-encoded, without query string, e.g. {@code
   *     /api/orders/42}
   * @return the verdict; when it holds a {@link PathVerdict#slashDecodedPath()}, the caller must
   *     check that both readings of the path lead to the same route, as {@link
   *     #check(RoutingRequest, Router)} does
   * @throws NullPointerException if {@code rawPath} is null
   */
  public PathVerdict check(String rawPath) {
    Objects.requireNonNull(rawPath, "rawPath");
    int length = rawPath.length();
    int start = length > 0 && rawPath.charAt(0) == '/' ? 1 : 0;
    while (true) {
      int end = rawPath.indexOf('/', start);
      boolean last = end < 0;
      PathRefusal refusal = checkSegment(rawPath, start, last ? length : end, last);
      if (refusal != null) {
        return PathVerdict.refused(refusal);
      }
      if (last) {
        break;
      }
      start = end + 1;
    }
    if (allowEncodedSlash && indexOfEncodedSlash(rawPath, 0) >= 0) {
      return new PathVerdict(null, decodeSlashes(rawPath));
    }
    return PathVerdict.accepted();
  }

  /**
   * Checks a request's path, and, for a path with an allowed encoded slash, that the route chosen
   * with {@code %2F} read as data equals the route chosen with it read as a separator: otherwise it
   * is refused as {@link PathRefusal#ENCODED_SLASH}.
   *
   * @param request the request; its {@link RoutingRequest#path()} is the raw path
   * @param router the router in force
   * @return the verdict
   * @throws NullPointerException if an argument is null
   */
  public PathVerdict check(RoutingRequest request, Router router) {
    Objects.requireNonNull(router, "router");
    PathVerdict verdict = check(request.path());
    String decoded = verdict.slashDecodedPath();
    if (decoded == null) {
      return verdict;
    }
    String asData = router.decide(request).routeId();
    String asSeparator = router.decide(new PathOverride(request, decoded)).routeId();
    return asData.equals(asSeparator) ? verdict : PathVerdict.refused(PathRefusal.ENCODED_SLASH);
  }

  /** One segment between raw slashes: its value, then its parameters after a raw {@code ;}. */
  private @Nullable PathRefusal checkSegment(String path, int start, int end, boolean last) {
    if (start == end) {
      return last ? null : PathRefusal.EMPTY_SEGMENT;
    }
    int valueEnd = indexOf(path, ';', start, end);
    PathRefusal refusal = checkValue(path, start, valueEnd, last);
    if (refusal == null && valueEnd < end) {
      refusal = checkParameters(path, valueEnd + 1, end);
    }
    return refusal;
  }

  private @Nullable PathRefusal checkValue(String path, int start, int end, boolean last) {
    boolean encoded = false;
    for (int i = start; i < end; i++) {
      char c = path.charAt(i);
      if (c == '%') {
        int octet = octetAt(path, i, end);
        if (octet < 0) {
          return PathRefusal.MALFORMED_ENCODING;
        }
        PathRefusal refusal = encodedOctet(octet, allowEncodedSlash);
        if (refusal != null) {
          return refusal;
        }
        encoded = true;
        i += 2;
      } else {
        PathRefusal refusal = rawCharacter(c);
        if (refusal != null) {
          return refusal;
        }
      }
    }
    if (!encoded) {
      return dots(path, start, end, last);
    }
    byte[] octets = decode(path, start, end);
    int from = 0;
    for (int i = 0; i <= octets.length; i++) {
      if (i == octets.length || octets[i] == '/') {
        // with encoded slashes allowed, each piece between them is a segment of its own
        PathRefusal refusal = decodedPiece(octets, from, i, last && i == octets.length);
        if (refusal != null) {
          return refusal;
        }
        from = i + 1;
      }
    }
    return null;
  }

  private @Nullable PathRefusal checkParameters(String path, int start, int end) {
    int from = start;
    while (from <= end) {
      int parameterEnd = indexOf(path, ';', from, end);
      if (!isAllowedParameter(path, from, parameterEnd)) {
        return PathRefusal.PATH_PARAMETER;
      }
      for (int i = from; i < parameterEnd; i++) {
        char c = path.charAt(i);
        PathRefusal refusal;
        if (c == '%') {
          int octet = octetAt(path, i, parameterEnd);
          refusal = octet < 0 ? PathRefusal.MALFORMED_ENCODING : encodedOctet(octet, false);
          i += 2;
        } else {
          refusal = rawCharacter(c);
        }
        if (refusal != null) {
          return refusal;
        }
      }
      from = parameterEnd + 1;
    }
    return null;
  }

  private boolean isAllowedParameter(String path, int start, int end) {
    int nameLength = indexOf(path, '=', start, end) - start;
    for (String allowed : allowedParameters) {
      if (allowed.length() == nameLength
          && path.regionMatches(true, start, allowed, 0, nameLength)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The first {@code c} in {@code [from, to)}, else {@code to}. Never past the segment, so that a
   * path of many segments is checked in time linear in its length.
   */
  private static int indexOf(String path, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (path.charAt(i) == c) {
        return i;
      }
    }
    return to;
  }

  /** A character sent as it is. */
  private static @Nullable PathRefusal rawCharacter(char c) {
    if (c < 0x20 || c == 0x7f) {
      return PathRefusal.CONTROL_CHARACTER;
    }
    if (c == '\\') {
      return PathRefusal.BACKSLASH;
    }
    if (c >= 0x80 || !PCHAR[c]) {
      return PathRefusal.INVALID_CHARACTER;
    }
    return null;
  }

  /** A percent-encoded octet. */
  private static @Nullable PathRefusal encodedOctet(int octet, boolean allowSlash) {
    return switch (octet) {
      case '/' -> allowSlash ? null : PathRefusal.ENCODED_SLASH;
      case '\\' -> PathRefusal.BACKSLASH;
      case '%' -> PathRefusal.ENCODED_PERCENT;
      case ';' -> PathRefusal.PATH_PARAMETER;
      default -> octet < 0x20 || octet == 0x7f ? PathRefusal.CONTROL_CHARACTER : null;
    };
  }

  /** A segment as text: {@code .}, {@code ..}, a trailing dot, or empty. */
  private static @Nullable PathRefusal dots(CharSequence value, int start, int end, boolean last) {
    return end == start
        ? dots(0, 0, 0, last)
        : dots(end - start, value.charAt(start), value.charAt(end - 1), last);
  }

  private static @Nullable PathRefusal dots(int length, int first, int lastOne, boolean last) {
    if (length == 0) {
      return last ? null : PathRefusal.EMPTY_SEGMENT;
    }
    if (lastOne != '.') {
      return null;
    }
    if (length == 1 || (length == 2 && first == '.')) {
      return PathRefusal.DOT_SEGMENT;
    }
    return PathRefusal.TRAILING_DOT;
  }

  private static @Nullable PathRefusal decodedPiece(
      byte[] octets, int start, int end, boolean last) {
    boolean ascii = true;
    for (int i = start; i < end; i++) {
      ascii &= octets[i] >= 0;
    }
    PathRefusal refusal =
        start == end
            ? dots(0, 0, 0, last)
            : dots(end - start, octets[start], octets[end - 1], last);
    if (refusal != null || ascii) {
      return refusal;
    }
    if (isOverlong(octets, start, end)) {
      return PathRefusal.OVERLONG_UTF8;
    }
    String text = strictUtf8(octets, start, end);
    if (text == null) {
      // not UTF-8 (an ISO-8859-1 legacy path, say): neither decoder makes a dot or slash of it
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        return PathRefusal.CONTROL_CHARACTER;
      }
    }
    if (Normalizer.isNormalized(text, Normalizer.Form.NFKC)) {
      return null;
    }
    return normalized(Normalizer.normalize(text, Normalizer.Form.NFKC));
  }

  /** A segment as a server that applies Unicode NFKC normalization reads it. */
  private static @Nullable PathRefusal normalized(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      PathRefusal refusal =
          switch (c) {
            case '/' -> PathRefusal.ENCODED_SLASH;
            case '\\' -> PathRefusal.BACKSLASH;
            case '%' -> PathRefusal.ENCODED_PERCENT;
            case ';' -> PathRefusal.PATH_PARAMETER;
            default -> Character.isISOControl(c) ? PathRefusal.CONTROL_CHARACTER : null;
          };
      if (refusal != null) {
        return refusal;
      }
    }
    return dots(text, 0, text.length(), false);
  }

  /**
   * Overlong UTF-8 forms, which a strict decoder refuses and a lax one turns into ASCII: {@code C0}
   * or {@code C1} before a continuation byte, {@code E0} before {@code 80..9F}, {@code F0} before
   * {@code 80..8F}. {@code C0} alone stays allowed: it is {@code À} in an ISO-8859-1 path.
   */
  private static boolean isOverlong(byte[] octets, int start, int end) {
    for (int i = start; i + 1 < end; i++) {
      int lead = octets[i] & 0xff;
      int next = octets[i + 1] & 0xff;
      if (((lead == 0xc0 || lead == 0xc1) && next >= 0x80 && next <= 0xbf)
          || (lead == 0xe0 && next >= 0x80 && next <= 0x9f)
          || (lead == 0xf0 && next >= 0x80 && next <= 0x8f)) {
        return true;
      }
    }
    return false;
  }

  private static @Nullable String strictUtf8(byte[] octets, int start, int end) {
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(octets, start, end - start));
      return chars.toString();
    } catch (CharacterCodingException ex) {
      return null;
    }
  }

  /**
   * The octet of {@code %XX} at {@code i}, or -1 when it is not two hex digits before {@code end}.
   */
  private static int octetAt(String path, int i, int end) {
    if (i + 2 >= end) {
      return -1;
    }
    int high = Character.digit(path.charAt(i + 1), 16);
    int low = Character.digit(path.charAt(i + 2), 16);
    return high < 0 || low < 0 ? -1 : high << 4 | low;
  }

  /** Percent-decodes a segment value that {@link #checkValue} has checked. */
  private static byte[] decode(String path, int start, int end) {
    byte[] octets = new byte[end - start];
    int length = 0;
    for (int i = start; i < end; i++) {
      char c = path.charAt(i);
      if (c == '%') {
        octets[length++] = (byte) octetAt(path, i, end);
        i += 2;
      } else {
        octets[length++] = (byte) c;
      }
    }
    return Arrays.copyOf(octets, length);
  }

  private static int indexOfEncodedSlash(String path, int from) {
    for (int i = path.indexOf('%', from); i >= 0; i = path.indexOf('%', i + 1)) {
      if (i + 2 < path.length()
          && path.charAt(i + 1) == '2'
          && (path.charAt(i + 2) == 'F' || path.charAt(i + 2) == 'f')) {
        return i;
      }
    }
    return -1;
  }

  private static String decodeSlashes(String path) {
    StringBuilder decoded = new StringBuilder(path.length());
    int from = 0;
    for (int i = indexOfEncodedSlash(path, 0); i >= 0; i = indexOfEncodedSlash(path, from)) {
      decoded.append(path, from, i).append('/');
      from = i + 3;
    }
    return decoded.append(path, from, path.length()).toString();
  }

  private static boolean[] pchars() {
    boolean[] allowed = new boolean[128];
    for (char c = 'a'; c <= 'z'; c++) {
      allowed[c] = true;
      allowed[Character.toUpperCase(c)] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      allowed[c] = true;
    }
    for (char c : "-._~!$&'()*+,;=:@".toCharArray()) {
      allowed[c] = true;
    }
    return allowed;
  }

  /** Builds a {@link PathPolicy}; starts from the strict defaults. */
  public static final class Builder {

    private final List<String> allowedParameters = new ArrayList<>();

    private boolean allowEncodedSlash;

    private Builder() {}

    /**
     * Path parameters allowed on any segment, by name, ignoring case; routes are matched on the
     * path without them, which is forwarded with them. Default: none.
     *
     * @param names parameter names such as {@code jsessionid}: letters, digits, {@code .}, {@code
     *     _} and {@code -}
     * @return this builder
     * @throws IllegalArgumentException if a name is empty or holds another character
     */
    public Builder allowedParameters(List<String> names) {
      List<String> checked = new ArrayList<>(names.size());
      for (int i = 0; i < names.size(); i++) {
        String name = Objects.requireNonNull(names.get(i), "name");
        if (!name.matches("[A-Za-z0-9._-]+")) {
          throw new IllegalArgumentException(
              "allowed-parameters["
                  + i
                  + "]: "
                  + name
                  + " (expected: a parameter name of letters, digits, '.', '_' or '-', e.g."
                  + " jsessionid)");
        }
        checked.add(name.toLowerCase(Locale.ROOT));
      }
      allowedParameters.clear();
      allowedParameters.addAll(checked);
      return this;
    }

    /**
     * Whether encoded slashes ({@code %2F}) are allowed. A path holding one is accepted only when
     * the route is the same whether the backend reads {@code %2F} as data or as a separator.
     * Default: {@code false}.
     *
     * @param allow {@code true} to allow them
     * @return this builder
     */
    public Builder allowEncodedSlash(boolean allow) {
      this.allowEncodedSlash = allow;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy; the shared default one when nothing was allowed
     */
    public PathPolicy build() {
      if (allowedParameters.isEmpty() && !allowEncodedSlash) {
        return DEFAULTS;
      }
      return new PathPolicy(
          allowedParameters.stream().distinct().toArray(String[]::new), allowEncodedSlash);
    }
  }
}
