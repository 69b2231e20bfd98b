package dev.strangler.rules;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The duration syntax of the rules file: a whole number and a unit, {@code ms}, {@code s}, {@code
 * m} or {@code h}.
 */
final class DurationText {

  static final String EXPECTATION = "a positive duration such as 500ms, 5s, 10m or 1h";

  private static final Pattern SYNTAX = Pattern.compile("(\\d{1,18})(ms|s|m|h)");

  private DurationText() {}

  /** The duration, or {@code null} when {@code text} is not a positive duration in this syntax. */
  static @Nullable Duration parse(String text) {
    Matcher matcher = SYNTAX.matcher(text.strip());
    if (!matcher.matches()) {
      return null;
    }
    long amount = Long.parseLong(matcher.group(1));
    if (amount == 0) {
      return null;
    }
    try {
      return switch (matcher.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      };
    } catch (ArithmeticException e) {
      return null;
    }
  }

  /**
   * The shortest exact form in this syntax, e.g. {@code 90s} or {@code 10m}; ISO-8601 for what the
   * syntax cannot express (negative, sub-millisecond or huge durations).
   */
  static String format(Duration duration) {
    if (duration.isNegative()
        || duration.getNano() % 1_000_000 != 0
        || duration.getSeconds() > Long.MAX_VALUE / 1_000 - 1) {
      return duration.toString();
    }
    long millis = duration.toMillis();
    if (millis % 3_600_000 == 0 && millis != 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0 && millis != 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1_000 == 0) {
      return millis / 1_000 + "s";
    }
    return millis + "ms";
  }
}
