package dev.strangler.shadow;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link ResponseComparator} leaves out or tolerates; a route's {@code shadow.compare}.
 *
 * <p>{@code ignoreFields} take a JSONPath subset:
 *
 * <ul>
 *   <li>{@code $.a.b}: member {@code b} of member {@code a} of the root;
 *   <li>{@code $['a b']} or {@code $["a b"]}: a member whose name is not a plain identifier
 *       (letters, digits, {@code _ - $ @});
 *   <li>{@code $.a[2]}: the element at index 2 (not applied when {@code ignoreArrayOrder} is on,
 *       where positions mean nothing);
 *   <li>{@code $.a[*].b} or {@code $.a.*}: any element or member;
 *   <li>{@code $..name}: any member named {@code name} at any depth; {@code $..*} everything;
 *   <li>{@code $}: the whole body.
 * </ul>
 *
 * <p>An ignored path also ignores everything below it.
 *
 * @param ignoreHeaders header names left out of the comparison, any case (stored in lower case);
 *     nothing is ignored by default, not even {@code Date}: list what varies
 * @param ignoreFields body paths left out of the comparison; default none
 * @param ignoreArrayOrder compare every JSON array as a multiset instead of by index; default
 *     {@code false}
 * @param numericTolerance the absolute difference under which two JSON numbers are equal, {@code >=
 *     0}; default {@code 0} (still, {@code 1} equals {@code 1.0})
 */
public record CompareOptions(
    Set<String> ignoreHeaders,
    List<String> ignoreFields,
    boolean ignoreArrayOrder,
    double numericTolerance) {

  private static final CompareOptions DEFAULTS = new CompareOptions(Set.of(), List.of(), false, 0);

  /**
   * Checks and normalizes the components.
   *
   * @throws IllegalArgumentException when an ignoreFields expression is invalid (the message names
   *     {@code ignoreFields[i]} and the expression), a header name is blank, or numericTolerance is
   *     negative or not finite
   * @throws NullPointerException when a collection or one of its elements is null
   */
  public CompareOptions {
    Objects.requireNonNull(ignoreHeaders, "ignoreHeaders");
    Objects.requireNonNull(ignoreFields, "ignoreFields");
    Set<String> headers = new LinkedHashSet<>();
    for (String name : ignoreHeaders) {
      Objects.requireNonNull(name, "ignoreHeaders element");
      if (name.isBlank()) {
        throw new IllegalArgumentException(
            "ignoreHeaders: \"" + name + "\" (expected: a header name)");
      }
      headers.add(name.trim().toLowerCase(Locale.ROOT));
    }
    ignoreHeaders = Set.copyOf(headers);
    ignoreFields = List.copyOf(ignoreFields);
    PathMatcher.compile(ignoreFields, "ignoreFields");
    if (!(numericTolerance >= 0) || Double.isInfinite(numericTolerance)) {
      throw new IllegalArgumentException(
          "numericTolerance: " + numericTolerance + " (expected: a finite number >= 0)");
    }
  }

  /**
   * Nothing ignored, arrays by index, exact numbers.
   *
   * @return the default options
   */
  public static CompareOptions defaults() {
    return DEFAULTS;
  }
}
