package dev.strangler.rules;

/**
 * What a rollout plan does with a step that has run {@code max-step-duration} without enough
 * evidence either way: too few modern requests, or a gate whose test is not significant.
 *
 * <p>Wire form: {@code pause}, {@code advance}, {@code rollback}.
 */
public enum OnInconclusive {
  /**
   * Keep the step's rollout and pause the plan until an operator resumes or advances it. The
   * default.
   */
  PAUSE,
  /** Move to the next step, as when every gate holds (inside the plan's windows only). */
  ADVANCE,
  /** Set the route to mode legacy, percent 0, and stop the plan. */
  ROLLBACK;

  /**
   * Returns the wire form of this action.
   *
   * @return {@code pause}, {@code advance} or {@code rollback}
   */
  public String wireName() {
    return WireNames.of(this);
  }

  /**
   * Parses the wire form of an inconclusive action, ignoring case.
   *
   * @param wireName {@code pause}, {@code advance} or {@code rollback}
   * @return the action
   * @throws IllegalArgumentException if {@code wireName} names no action; the message lists the
   *     allowed values
   */
  public static OnInconclusive parse(String wireName) {
    return WireNames.parse(values(), "on-inconclusive", wireName);
  }
}
