package dev.strangler.rules;

import java.util.Objects;

/**
 * Where a route stands in its migration: its mode and its canary percent.
 *
 * @param mode who answers; see {@link Mode}
 * @param percent the share of keys sent to modern; used in {@link Mode#CANARY} mode only, kept in
 *     the others so that a switch back to canary resumes where it was
 */
public record Rollout(Mode mode, Percent percent) {

  /**
   * Checks for nulls.
   *
   * @param mode who answers; see {@link Mode}
   * @param percent the share of keys sent to modern; used in {@link Mode#CANARY} mode only, kept in
   *     the others so that a switch back to canary resumes where it was
   * @throws NullPointerException if an argument is null
   */
  public Rollout {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(percent, "percent");
  }

  /**
   * The share of requests modern answers in this rollout: 0 in legacy and shadow mode, {@link
   * #percent()} in canary mode, 100 in modern mode.
   *
   * @return the effective modern share
   */
  public Percent modernShare() {
    return switch (mode) {
      case LEGACY, SHADOW -> Percent.ZERO;
      case CANARY -> percent;
      case MODERN -> Percent.HUNDRED;
    };
  }
}
