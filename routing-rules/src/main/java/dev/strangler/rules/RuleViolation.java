package dev.strangler.rules;

import java.util.Objects;

/**
 * One problem of a rules file, with where it is, what was found and what was expected.
 *
 * <p>Rendered as {@code routes[2].percent: 150 (expected: 0..100)}.
 *
 * @param path where the problem is, e.g. {@code legacy}, {@code routes[1].id}, {@code
 *     routes[0].fallback.circuit-breaker.window}; {@value #ROOT} for the document as a whole and
 *     {@value #FILE} for the file it was read from
 * @param value the value found, as written; {@value #MISSING} when a required key is absent
 * @param expected what would have been accepted, e.g. {@code 0..100}
 */
public record RuleViolation(String path, String value, String expected) {

  /** The value of a required key that is absent. */
  public static final String MISSING = "<missing>";

  /** The path of a problem with the document as a whole, such as a YAML syntax error. */
  public static final String ROOT = "<root>";

  /** The path of a problem reading the file itself. */
  public static final String FILE = "<file>";

  /**
   * Checks for nulls.
   *
   * @param path where the problem is, e.g. {@code legacy}, {@code routes[1].id}, {@code
   *     routes[0].fallback.circuit-breaker.window}; {@value #ROOT} for the document as a whole and
   *     {@value #FILE} for the file it was read from
   * @param value the value found, as written; {@value #MISSING} when a required key is absent
   * @param expected what would have been accepted, e.g. {@code 0..100}
   * @throws NullPointerException if an argument is null
   */
  public RuleViolation {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(expected, "expected");
  }

  /**
   * A required key that is absent.
   *
   * @param path where the key should be
   * @param expected what it should hold
   * @return the violation, with value {@value #MISSING}
   */
  public static RuleViolation missing(String path, String expected) {
    return new RuleViolation(path, MISSING, expected);
  }

  /**
   * Returns {@code path: value (expected: expected)}.
   *
   * @return for example {@code routes[2].percent: 150 (expected: 0..100)}
   */
  @Override
  public String toString() {
    return path + ": " + value + " (expected: " + expected + ")";
  }
}
