package dev.strangler.rules;

/**
 * What a rollout plan does when a step fails one of its gates.
 *
 * <p>Wire form: {@code rollback}, {@code pause}.
 */
public enum OnFailure {
  /** Set the route to mode legacy, percent 0, and stop the plan. The default. */
  ROLLBACK,
  /** Keep the current step's rollout and pause the plan until an operator resumes it. */
  PAUSE;

  /**
   * Returns the wire form of this action.
   *
   * @return {@code rollback} or {@code pause}
   */
  public String wireName() {
    return WireNames.of(this);
  }

  /**
   * Parses the wire form of a failure action, ignoring case.
   *
   * @param wireName {@code rollback} or {@code pause}
   * @return the action
   * @throws IllegalArgumentException if {@code wireName} names no action; the message lists the
   *     allowed values
   */
  public static OnFailure parse(String wireName) {
    return WireNames.parse(values(), "on-failure", wireName);
  }
}
