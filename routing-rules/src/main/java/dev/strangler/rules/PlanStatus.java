package dev.strangler.rules;

/**
 * Where a rollout plan stands.
 *
 * <p>Wire form (state store, admin API, audit log): {@code running}, {@code paused}, {@code
 * completed}, {@code rolled-back}.
 */
public enum PlanStatus {
  /** The plan walks its steps: each step is judged once it has lasted and seen enough calls. */
  RUNNING,
  /**
   * The plan holds its current step until an operator resumes or advances it: an operator paused
   * it, or a gate failed under {@code on-failure: pause}.
   */
  PAUSED,
  /** The last step passed its gates (or an operator advanced past it). Final. */
  COMPLETED,
  /**
   * A gate failed under {@code on-failure: rollback}: the route went back to mode legacy, percent
   * 0. Final; a new plan starts from its first step.
   */
  ROLLED_BACK;

  /**
   * Returns the wire form of this status.
   *
   * @return the lower-case name with dashes, e.g. {@code rolled-back}
   */
  public String wireName() {
    return WireNames.of(this);
  }

  /**
   * Parses the wire form of a plan status, ignoring case.
   *
   * @param wireName {@code running}, {@code paused}, {@code completed} or {@code rolled-back}
   * @return the status
   * @throws IllegalArgumentException if {@code wireName} names no status; the message lists the
   *     allowed values
   */
  public static PlanStatus parse(String wireName) {
    return WireNames.parse(values(), "plan status", wireName);
  }
}
