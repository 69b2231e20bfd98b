package dev.strangler.shadow;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What kind of difference a {@link Difference} is. Serialized as its {@link #wireName()}. */
public enum DiffKind {
  /** The HTTP status differs; path {@code status}. */
  STATUS,
  /**
   * A header not ignored differs, is missing or is extra; path {@code header:<lower-case-name>}.
   */
  HEADER,
  /** A JSON member or element only legacy has. */
  MISSING,
  /** A JSON member or element only modern has. */
  EXTRA,
  /** The JSON node type differs (for example a number became a string). */
  TYPE,
  /** A value differs: a JSON scalar, or a whole non-JSON or truncated body at path {@code $}. */
  VALUE;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /**
   * The lower-case name used in JSON and in metric tags.
   *
   * @return for example {@code "missing"}
   */
  @JsonValue
  public String wireName() {
    return wireName;
  }
}
