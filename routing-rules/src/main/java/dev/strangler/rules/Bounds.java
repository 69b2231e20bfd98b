package dev.strangler.rules;

import java.time.Duration;
import java.util.Objects;

/**
 * Single-value checks for the compact constructors, all failing with the one message format {@code
 * name: value (expected: bounds)}.
 */
final class Bounds {

  private Bounds() {}

  static int requireRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + ": " + value + " (expected: " + min + ".." + max + ")");
    }
    return value;
  }

  static long requireAtLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: >= " + min + ")");
    }
    return value;
  }

  static double requireRange(String name, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(
          name + ": " + value + " (expected: " + plain(min) + ".." + plain(max) + ")");
    }
    return value;
  }

  static double requireNonNegative(String name, double value) {
    if (!(value >= 0 && Double.isFinite(value))) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: a number >= 0)");
    }
    return value;
  }

  static double requirePositive(String name, double value) {
    if (!(value > 0 && Double.isFinite(value))) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: a number > 0)");
    }
    return value;
  }

  static Duration requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(
          name
              + ": "
              + DurationText.format(value)
              + " (expected: "
              + DurationText.EXPECTATION
              + ")");
    }
    return value;
  }

  private static String plain(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
