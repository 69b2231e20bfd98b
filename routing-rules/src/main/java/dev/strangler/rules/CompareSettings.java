package dev.strangler.rules;

import java.util.List;

/**
 * What the shadow comparison of a route leaves out or tolerates.
 *
 * @param ignoreHeaders response headers not compared, as written (compared ignoring case by the
 *     comparison); default none
 * @param ignoreFields JSON paths of body fields not compared, each starting with {@code $}, e.g.
 *     {@code $.meta.generatedAt}, {@code $.items[*].etag}, {@code $..traceId}; default none
 * @param ignoreArrayOrder whether arrays are compared as multisets; default {@code false}
 * @param numericTolerance largest absolute difference between two numbers that still counts as
 *     equal; 0 or more, default 0
 */
public record CompareSettings(
    List<String> ignoreHeaders,
    List<String> ignoreFields,
    boolean ignoreArrayOrder,
    double numericTolerance) {

  /** The expectation that error messages give for a JSON path. */
  static final String JSON_PATH_EXPECTATION = "a JSON path starting with $";

  private static final CompareSettings DEFAULTS =
      new CompareSettings(List.of(), List.of(), false, 0);

  /**
   * Copies the lists and checks each value.
   *
   * @param ignoreHeaders response headers not compared, as written (compared ignoring case by the
   *     comparison); default none
   * @param ignoreFields JSON paths of body fields not compared, each starting with {@code $}, e.g.
   *     {@code $.meta.generatedAt}, {@code $.items[*].etag}, {@code $..traceId}; default none
   * @param ignoreArrayOrder whether arrays are compared as multisets; default {@code false}
   * @param numericTolerance largest absolute difference between two numbers that still counts as
   *     equal; 0 or more, default 0
   * @throws IllegalArgumentException if a header is not a header name, a field is not a JSON path
   *     or the tolerance is negative or not finite
   * @throws NullPointerException if a list or an element is null
   */
  public CompareSettings {
    ignoreHeaders = List.copyOf(ignoreHeaders);
    for (String header : ignoreHeaders) {
      if (!HttpSyntax.isToken(header)) {
        throw new IllegalArgumentException(
            "ignore-headers: " + header + " (expected: a header name)");
      }
    }
    ignoreFields = requireJsonPaths("ignore-fields", ignoreFields);
    Bounds.requireNonNegative("numeric-tolerance", numericTolerance);
  }

  /**
   * Returns the defaults: nothing ignored, array order significant, no numeric tolerance.
   *
   * @return the default settings
   */
  public static CompareSettings defaults() {
    return DEFAULTS;
  }

  static boolean isJsonPath(String path) {
    return path.startsWith("$") && path.strip().equals(path);
  }

  static List<String> requireJsonPaths(String name, List<String> paths) {
    List<String> copy = List.copyOf(paths);
    for (String path : copy) {
      if (!isJsonPath(path)) {
        throw new IllegalArgumentException(
            name + ": " + path + " (expected: " + JSON_PATH_EXPECTATION + ")");
      }
    }
    return copy;
  }
}
