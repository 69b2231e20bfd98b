package dev.strangler.shadow;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How much a {@link Difference} matters to a client. Serialized as its {@link #wireName()}. */
public enum Severity {
  /**
   * A client may break: status class changed, field or header missing, type changed, value to null.
   */
  BREAKING,
  /** A value differs, a client that reads it sees something else. */
  CHANGED,
  /**
   * Only modern has it (a field or a header); clients that ignore unknown fields are unaffected.
   */
  ADDITIVE;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /**
   * The lower-case name used in JSON and in the {@code severity} metric tag.
   *
   * @return for example {@code "breaking"}
   */
  @JsonValue
  public String wireName() {
    return wireName;
  }
}
