package dev.strangler.rules;

/**
 * One of the two sides behind the gateway.
 *
 * <p>Wire form (headers, metrics tags, admin API): {@code legacy}, {@code modern}.
 */
public enum Target {
  /** The service being replaced. */
  LEGACY,
  /** The service replacing it. */
  MODERN;

  /**
   * Returns the other side.
   *
   * @return {@link #MODERN} for {@link #LEGACY} and the reverse
   */
  public Target other() {
    return this == LEGACY ? MODERN : LEGACY;
  }

  /**
   * Returns the wire form of this target.
   *
   * @return {@code legacy} or {@code modern}
   */
  public String wireName() {
    return WireNames.of(this);
  }

  /**
   * Parses the wire form of a target, ignoring case.
   *
   * @param wireName {@code legacy} or {@code modern}
   * @return the target
   * @throws IllegalArgumentException if {@code wireName} names no target; the message lists the
   *     allowed values
   */
  public static Target parse(String wireName) {
    return WireNames.parse(values(), "target", wireName);
  }
}
