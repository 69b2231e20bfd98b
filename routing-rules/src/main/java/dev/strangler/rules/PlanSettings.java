package dev.strangler.rules;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An automated rollout: the percents a route walks through, and the gates each step must pass.
 *
 * <p>A step is judged once it has lasted {@code stepDuration} and seen {@code minRequests} modern
 * calls. If every gate holds the plan moves to the next step; if one fails, {@code onFailure}
 * applies.
 *
 * @param steps the percent of each step, at least one, strictly increasing, each 0..100
 * @param stepDuration how long a step lasts at least; positive, default 10m
 * @param minRequests modern calls a step needs before it is judged; 0 or more, default 100
 * @param maxErrorRate largest percent of failing modern calls (statuses in {@code
 *     fallback.statuses}, timeouts, connect errors), 0..100; default 1
 * @param maxLatencyRatio largest modern p99 / legacy p99; greater than 0, default 1.5
 * @param maxDiffRate largest percent of compared pairs with a breaking difference, 0..100; default
 *     1
 * @param onFailure what a failed gate does; default {@link OnFailure#ROLLBACK}
 */
public record PlanSettings(
    List<Percent> steps,
    Duration stepDuration,
    long minRequests,
    double maxErrorRate,
    double maxLatencyRatio,
    double maxDiffRate,
    OnFailure onFailure) {

  /** Step duration unless the file says otherwise: 10 minutes. */
  public static final Duration DEFAULT_STEP_DURATION = Duration.ofMinutes(10);

  /** Modern calls a step needs unless the file says otherwise: 100. */
  public static final long DEFAULT_MIN_REQUESTS = 100;

  /** Largest error rate, in percent, unless the file says otherwise: 1. */
  public static final double DEFAULT_MAX_ERROR_RATE = 1;

  /** Largest p99 latency ratio unless the file says otherwise: 1.5. */
  public static final double DEFAULT_MAX_LATENCY_RATIO = 1.5;

  /** Largest breaking-diff rate, in percent, unless the file says otherwise: 1. */
  public static final double DEFAULT_MAX_DIFF_RATE = 1;

  /**
   * Copies the steps and checks each value.
   *
   * @param steps the percent of each step, at least one, strictly increasing, each 0..100
   * @param stepDuration how long a step lasts at least; positive, default 10m
   * @param minRequests modern calls a step needs before it is judged; 0 or more, default 100
   * @param maxErrorRate largest percent of failing modern calls (statuses in {@code
   *     fallback.statuses}, timeouts, connect errors), 0..100; default 1
   * @param maxLatencyRatio largest modern p99 / legacy p99; greater than 0, default 1.5
   * @param maxDiffRate largest percent of compared pairs with a breaking difference, 0..100;
   *     default 1
   * @param onFailure what a failed gate does; default {@link OnFailure#ROLLBACK}
   * @throws IllegalArgumentException if there is no step, the steps do not strictly increase, or a
   *     value is out of bounds
   * @throws NullPointerException if an argument or a step is null
   */
  public PlanSettings {
    steps = List.copyOf(steps);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("steps: [] (expected: at least one step)");
    }
    for (int i = 1; i < steps.size(); i++) {
      if (steps.get(i).compareTo(steps.get(i - 1)) <= 0) {
        throw new IllegalArgumentException(
            "steps["
                + i
                + "]: "
                + steps.get(i)
                + " (expected: more than the previous step, "
                + steps.get(i - 1)
                + ")");
      }
    }
    Bounds.requirePositive("step-duration", stepDuration);
    Bounds.requireAtLeast("min-requests", minRequests, 0);
    Bounds.requireRange("max-error-rate", maxErrorRate, 0, 100);
    Bounds.requirePositive("max-latency-ratio", maxLatencyRatio);
    Bounds.requireRange("max-diff-rate", maxDiffRate, 0, 100);
    Objects.requireNonNull(onFailure, "onFailure");
  }

  /**
   * Returns a plan over {@code steps} with every gate at its default: 10m per step, 100 modern
   * calls, error rate 1 %, latency ratio 1.5, diff rate 1 %, roll back on failure.
   *
   * @param steps the percent of each step, strictly increasing
   * @return the plan
   * @throws IllegalArgumentException if there is no step or the steps do not strictly increase
   */
  public static PlanSettings of(List<Percent> steps) {
    return new PlanSettings(
        steps,
        DEFAULT_STEP_DURATION,
        DEFAULT_MIN_REQUESTS,
        DEFAULT_MAX_ERROR_RATE,
        DEFAULT_MAX_LATENCY_RATIO,
        DEFAULT_MAX_DIFF_RATE,
        OnFailure.ROLLBACK);
  }
}
