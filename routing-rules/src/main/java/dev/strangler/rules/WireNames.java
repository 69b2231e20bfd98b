package dev.strangler.rules;

import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The lower-case, dash-separated wire form shared by every enum of the rules file.
 *
 * <p>Kept in one place so that {@code CONNECT_FAILURE} is {@code connect-failure} in YAML, in the
 * admin API and in error messages alike.
 */
final class WireNames {

  private WireNames() {}

  static String of(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Looks a wire name up, ignoring case; {@code null} when no constant has it. */
  static <E extends Enum<E>> @Nullable E lookup(E[] constants, @Nullable String wireName) {
    if (wireName == null) {
      return null;
    }
    for (E constant : constants) {
      if (of(constant).equalsIgnoreCase(wireName)) {
        return constant;
      }
    }
    return null;
  }

  static <E extends Enum<E>> E parse(E[] constants, String what, String wireName) {
    E constant = lookup(constants, wireName);
    if (constant == null) {
      throw new IllegalArgumentException(
          what + ": " + wireName + " (expected: " + expected(constants) + ")");
    }
    return constant;
  }

  /** {@code one of a, b, c}: the expectation used in messages. */
  static String expected(Enum<?>[] constants) {
    return Stream.of(constants).map(WireNames::of).collect(Collectors.joining(", ", "one of ", ""));
  }
}
