package dev.strangler.gateway.state;

import java.util.Locale;

/** What an audit entry records. */
public enum AuditAction {

  /** A rollout set through the admin API. */
  ROLLOUT,
  /** A rollback through the admin API: mode legacy, percent 0, plan paused. */
  ROLLBACK,
  /** A plan paused through the admin API. */
  PLAN_PAUSE,
  /** A plan resumed through the admin API. */
  PLAN_RESUME,
  /** A plan moved to its next step through the admin API. */
  PLAN_ADVANCE,
  /** A plan moved to its next step by itself, its gates holding. */
  PLAN_STEP,
  /** A plan rolled the route back by itself, a gate failing. */
  PLAN_ROLLBACK,
  /** A change of the rules file replaced a route's runtime state. */
  RULES_RELOAD_REPLACED,
  /** A route's targets were set through the admin API. */
  TARGETS,
  /** A route's diff report was reset through the admin API. */
  DIFFS_RESET,
  /**
   * A replica wrote a route's runtime state back to a Redis that had lost it (restarted without
   * persistence), from the copy it held in memory.
   */
  STATE_RESTORED;

  private final String wireName = name().toLowerCase(Locale.ROOT).replace('_', '-');

  /** Returns the form in the audit log, e.g. {@code rules-reload-replaced}. */
  public String wireName() {
    return wireName;
  }
}
