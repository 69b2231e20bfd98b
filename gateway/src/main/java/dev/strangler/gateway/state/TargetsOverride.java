package dev.strangler.gateway.state;

import dev.strangler.rules.Targets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A route's targets set at runtime ({@code PUT /admin/routes/{id}/targets}), which override the
 * rules file's until the file changes that route's targets.
 *
 * @param modern the entries sent to modern
 * @param legacy the entries sent to legacy
 * @param fileTargets the fingerprint of the route's targets in the rules file when these were set
 *     ({@link FileBaseline#targetsPrint})
 * @param who who set them: an admin token's name
 * @param at when
 * @param reason why
 */
public record TargetsOverride(
    List<String> modern,
    List<String> legacy,
    String fileTargets,
    String who,
    Instant at,
    @Nullable String reason) {

  /** Checks for nulls and copies the lists. */
  public TargetsOverride {
    modern = modern == null ? List.of() : List.copyOf(modern);
    legacy = legacy == null ? List.of() : List.copyOf(legacy);
    Objects.requireNonNull(fileTargets, "fileTargets");
    Objects.requireNonNull(who, "who");
    Objects.requireNonNull(at, "at");
  }

  /**
   * Returns the targets of this override.
   *
   * @return the targets
   * @throws IllegalArgumentException when the lists are not valid targets (a state written by hand)
   */
  public Targets toTargets() {
    return new Targets(modern, legacy);
  }
}
