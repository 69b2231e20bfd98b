package dev.strangler.gateway.route;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A changed rules file was refused: the rules in force stay. Published once per refused content,
 * not at every poll that reads the same file again.
 *
 * @param errors every problem found, e.g. {@code routes[2].percent: 150 (expected: 0..100)}
 * @param refusedVersion content hash of the refused file, or null when the file could not be read
 * @param versionInForce content hash of the rules that stay in force
 */
public record RulesRefusedEvent(
    List<String> errors, @Nullable String refusedVersion, String versionInForce) {

  /** Copies the errors. */
  public RulesRefusedEvent {
    errors = List.copyOf(errors);
  }
}
