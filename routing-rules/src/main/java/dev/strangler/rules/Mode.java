package dev.strangler.rules;

/**
 * The phase a route is in, which decides who answers its requests.
 *
 * <p>Wire form (YAML, admin API): {@code legacy}, {@code shadow}, {@code canary}, {@code modern}.
 */
public enum Mode {
  /** Legacy answers every request; modern gets nothing. */
  LEGACY,
  /** Legacy answers every request; modern gets a copy (sampled by {@code shadow.percent}). */
  SHADOW,
  /** Modern answers the keys whose bucket is below {@code percent × 100}, legacy the others. */
  CANARY,
  /** Modern answers every request (with fallback to legacy). */
  MODERN;

  /**
   * Returns the wire form of this mode.
   *
   * @return the lower-case name, e.g. {@code canary}
   */
  public String wireName() {
    return WireNames.of(this);
  }

  /**
   * Parses the wire form of a mode, ignoring case.
   *
   * @param wireName {@code legacy}, {@code shadow}, {@code canary} or {@code modern}
   * @return the mode
   * @throws IllegalArgumentException if {@code wireName} names no mode; the message lists the
   *     allowed values
   */
  public static Mode parse(String wireName) {
    return WireNames.parse(values(), "mode", wireName);
  }
}
