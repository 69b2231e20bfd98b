package dev.strangler.rules;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a route's {@link Targets}, parsed: a sticky key, or a header match whose name is
 * kept in lower case, as headers are matched ignoring the case of their names.
 *
 * @param header the lower-case header name of a header match; {@code null} for a key
 * @param value the key, or the header value to match exactly
 */
record TargetEntry(@Nullable String header, String value) {

  /** Whether the text is written as a header match, well-formed or not. */
  static boolean isHeaderMatch(String text) {
    return text.regionMatches(true, 0, Targets.HEADER_PREFIX, 0, Targets.HEADER_PREFIX.length());
  }

  /** The entry, or the expectation its text misses (a String). */
  static Object read(String text) {
    if (text.isBlank()) {
      return Targets.ENTRY_EXPECTATION;
    }
    if (text.length() > Targets.MAX_ENTRY_LENGTH) {
      return "at most " + Targets.MAX_ENTRY_LENGTH + " characters";
    }
    if (text.chars().anyMatch(Character::isISOControl)) {
      return "no control characters, in " + Targets.ENTRY_EXPECTATION;
    }
    if (!text.equals(text.strip())) {
      return "no space at either end, in " + Targets.ENTRY_EXPECTATION;
    }
    if (!isHeaderMatch(text)) {
      return new TargetEntry(null, text);
    }
    String match = text.substring(Targets.HEADER_PREFIX.length());
    int equals = match.indexOf('=');
    if (equals <= 0) {
      return "header:NAME=value with a header name and a value";
    }
    String name = match.substring(0, equals);
    String value = match.substring(equals + 1);
    if (!HttpSyntax.isToken(name)) {
      return "header:NAME=value with a header name made of token characters";
    }
    if (value.isEmpty() || !value.equals(value.strip())) {
      return "header:NAME=value with a value, no space at either end";
    }
    return new TargetEntry(name.toLowerCase(Locale.ROOT), value);
  }
}
