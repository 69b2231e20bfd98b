package dev.strangler.gateway.state;

import java.time.Instant;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The state of a route's rollout plan, as its runner keeps it. The store does not read it.
 *
 * @param state the runner's state, any JSON
 * @param fileRollout the route's rollout in the rules file when the state was written; a file with
 *     another one replaces it
 * @param at when it was written
 */
public record PlanRecord(JsonNode state, RolloutSnapshot fileRollout, Instant at) {

  /** Checks for nulls. */
  public PlanRecord {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(fileRollout, "fileRollout");
    Objects.requireNonNull(at, "at");
  }
}
