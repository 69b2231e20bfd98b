package dev.strangler.gateway.plan;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a route's rollout plan stands, as its runner reports it.
 *
 * @param step the step in force, counted from 1 ({@code steps[step - 1]})
 * @param percent the percent of that step
 * @param status the plan's status in its wire form: {@code running}, {@code paused}, {@code
 *     completed} or {@code rolled-back}
 * @param eta when the plan is expected to reach its last step, or null when it cannot be told
 *     (paused, completed, rolled back); with windows, each move put off to the next open window
 * @param waitingForWindow when a running plan outside its windows may move forward again (the next
 *     window's start), or null when a window is open, it has none, or it is not running
 */
public record PlanProgress(
    int step,
    BigDecimal percent,
    String status,
    @Nullable Instant eta,
    @Nullable Instant waitingForWindow) {

  /** Checks for nulls. */
  public PlanProgress {
    Objects.requireNonNull(percent, "percent");
    Objects.requireNonNull(status, "status");
  }
}
