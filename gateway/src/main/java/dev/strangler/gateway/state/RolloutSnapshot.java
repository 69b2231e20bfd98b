package dev.strangler.gateway.state;

import dev.strangler.rules.Mode;
import dev.strangler.rules.Percent;
import dev.strangler.rules.Rollout;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A rollout as the state store and the audit log write it: {@code {"mode": "canary", "percent":
 * 12.5}}.
 *
 * @param mode the mode's wire name: {@code legacy}, {@code shadow}, {@code canary} or {@code
 *     modern}
 * @param percent the canary percent, 0..100 with at most two decimals
 */
public record RolloutSnapshot(String mode, BigDecimal percent) {

  /**
   * Checks that the values make a rollout.
   *
   * @throws IllegalArgumentException when the mode or the percent is invalid
   */
  public RolloutSnapshot {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(percent, "percent");
    Mode.parse(mode);
    Percent.of(percent);
  }

  /**
   * The snapshot of a rollout.
   *
   * @param rollout a rollout
   * @return its snapshot
   */
  public static RolloutSnapshot of(Rollout rollout) {
    return new RolloutSnapshot(rollout.mode().wireName(), rollout.percent().value());
  }

  /** Returns the rollout. */
  public Rollout toRollout() {
    return new Rollout(Mode.parse(mode), Percent.of(percent));
  }

  /**
   * The phase an operator reads: {@code legacy}, {@code shadowing}, {@code canary 12.5%} or {@code
   * modern}.
   *
   * @param rollout a rollout
   * @return its phase
   */
  public static String phaseOf(Rollout rollout) {
    return switch (rollout.mode()) {
      case LEGACY -> "legacy";
      case SHADOW -> "shadowing";
      case CANARY -> "canary " + rollout.percent() + "%";
      case MODERN -> "modern";
    };
  }

  @Override
  public String toString() {
    return phaseOf(toRollout());
  }
}
