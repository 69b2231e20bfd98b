package dev.strangler.gateway.route;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the gateway knows of its rules file: the version in force and the outcome of the last reload
 * attempt.
 *
 * @param source the configured location
 * @param version content hash of the rules in force
 * @param loadedAt when the rules in force were loaded
 * @param lastAttemptAt when the file was last read
 * @param errors the problems of the last refused reload, empty when the last reload succeeded
 * @param refusedVersion content hash of the refused file, or null
 */
public record RulesStatus(
    String source,
    String version,
    Instant loadedAt,
    Instant lastAttemptAt,
    List<String> errors,
    @Nullable String refusedVersion) {

  public RulesStatus {
    errors = List.copyOf(errors);
  }

  /** Returns whether the last reload was refused. */
  public boolean failing() {
    return !errors.isEmpty();
  }
}
