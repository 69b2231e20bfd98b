package dev.strangler.rules;

import java.time.Duration;
import java.util.Objects;

/**
 * Single-value checks for the compact constructors, all failing with the one message format {@code
 * name: value (expected: bounds)}. Bounds are inclusive.
 */
final class Bounds {

  private Bounds() {}

  static void requireRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + ": " + value + " (expected: " + min + ".." + max + ")");
    }
  }

  static void requireAtLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: >= " + min + ")");
    }
  }

  static void requireRange(String name, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(
          name + ": " + value + " (expected: " + plain(min) + ".." + plain(max) + ")");
    }
  }

  static void requireNonNegative(String name, double value) {
    if (!(value >= 0 && Double.isFinite(value))) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: a number >= 0)");
    }
  }

  static void requirePositive(String name, double value) {
    if (!(value > 0 && Double.isFinite(value))) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: a number > 0)");
    }
  }

  static void requirePositive(String name, Duration value) {
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
  }

  private static String plain(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
