package dev.strangler.gateway.state;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A route's rollout set at runtime, which overrides the rules file's until the file changes that
 * route (see {@link FileBaseline}).
 *
 * @param rollout the rollout in force
 * @param fileRollout the route's rollout in the rules file when this one was set
 * @param filePlan the fingerprint of the route's plan in the rules file then, null for none
 * @param who who set it: an admin token's name or {@value AuditEntry#PLAN}
 * @param at when
 * @param reason why
 */
public record RolloutOverride(
    RolloutSnapshot rollout,
    RolloutSnapshot fileRollout,
    @Nullable String filePlan,
    String who,
    Instant at,
    @Nullable String reason) {

  /** Checks for nulls. */
  public RolloutOverride {
    Objects.requireNonNull(rollout, "rollout");
    Objects.requireNonNull(fileRollout, "fileRollout");
    Objects.requireNonNull(who, "who");
    Objects.requireNonNull(at, "at");
  }

  /** Returns what the rules file said of the route when this rollout was set. */
  public FileBaseline baseline() {
    return new FileBaseline(fileRollout, filePlan);
  }
}
