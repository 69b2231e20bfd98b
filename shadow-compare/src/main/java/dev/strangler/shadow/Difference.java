package dev.strangler.shadow;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One difference between the legacy and the modern response to the same request.
 *
 * <p>Paths: {@code status} for the status; {@code header:<lower-case-name>} for a header; JSONPath
 * for a body field ({@code $.a.b[3].c}, names that are not plain identifiers in bracket notation
 * {@code $['a b']}, array elements compared as multisets at {@code $.items[*]}); {@code $} for a
 * whole body compared as bytes or, when truncated, by length and digest.
 *
 * <p>Values: compact JSON text for body fields ({@code "abc"} with quotes, {@code 12.5}, {@code
 * {"a":1}}); the header values joined with {@code ", "}; the status number; for a body compared as
 * bytes its UTF-8 text, or {@code <N bytes, sha256=HEX>} when it is truncated or not valid UTF-8. A
 * value is {@code null} on the side that lacks the field or header.
 *
 * @param path where the difference is, never blank
 * @param kind what kind of difference it is
 * @param severity how much it matters
 * @param legacyValue the legacy side's value, {@code null} when legacy lacks it
 * @param modernValue the modern side's value, {@code null} when modern lacks it
 */
public record Difference(
    String path,
    DiffKind kind,
    Severity severity,
    @Nullable String legacyValue,
    @Nullable String modernValue) {

  /**
   * Checks the components.
   *
   * @throws NullPointerException when path, kind or severity is null
   * @throws IllegalArgumentException when path is blank
   */
  public Difference {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(severity, "severity");
    if (path.isBlank()) {
      throw new IllegalArgumentException("path: \"" + path + "\" (expected: not blank)");
    }
  }
}
