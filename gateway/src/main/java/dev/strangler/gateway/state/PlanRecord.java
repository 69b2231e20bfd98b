package dev.strangler.gateway.state;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The state of a route's rollout plan, as its runner keeps it. The store does not read it.
 *
 * @param state the runner's state, any JSON
 * @param fileRollout the route's rollout in the rules file when the state was written
 * @param filePlan the fingerprint of the route's plan in the rules file then, null for none
 * @param at when it was written
 */
public record PlanRecord(
    JsonNode state, RolloutSnapshot fileRollout, @Nullable String filePlan, Instant at) {

  /** Checks for nulls. */
  public PlanRecord {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(fileRollout, "fileRollout");
    Objects.requireNonNull(at, "at");
  }

  /**
   * A plan state kept against what the rules file says of the route.
   *
   * @param state the runner's state
   * @param file what the rules file says of the route now
   * @param at when
   * @return the record
   */
  public static PlanRecord of(JsonNode state, FileBaseline file, Instant at) {
    return new PlanRecord(state, file.rollout(), file.plan(), at);
  }

  /** Returns what the rules file said of the route when the state was written. */
  public FileBaseline baseline() {
    return new FileBaseline(fileRollout, filePlan);
  }
}
