package dev.strangler.rules;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where the rollout plan of one route stands: everything needed to resume it after a restart.
 *
 * <p>A plain value of simple types, so that the gateway's state store can keep it as JSON. It
 * belongs to the {@link PlanSettings} it was made under: {@link #step()} indexes their steps. When
 * the plan of a route changes in the rules file, its state is replaced by a new {@link
 * RolloutPlan#start(String) start}.
 *
 * @param routeId the route the plan moves, matching {@value RouteRule#ID_SYNTAX}
 * @param status where the plan stands
 * @param step index of the current step in {@link PlanSettings#steps()}, 0 or more; for a completed
 *     plan the last step, for a rolled-back plan the step that failed
 * @param stepStartedAt when the current step started, or was last resumed; the step's duration and
 *     figures count from here
 * @param pausedAt when the plan was paused; set exactly when {@code status} is {@link
 *     PlanStatus#PAUSED}, else {@code null}
 */
public record PlanState(
    String routeId,
    PlanStatus status,
    int step,
    Instant stepStartedAt,
    @Nullable Instant pausedAt) {

  /**
   * Checks each value, and that {@code pausedAt} is set exactly for a paused plan.
   *
   * @param routeId the route the plan moves, matching {@value RouteRule#ID_SYNTAX}
   * @param status where the plan stands
   * @param step index of the current step in {@link PlanSettings#steps()}, 0 or more
   * @param stepStartedAt when the current step started, or was last resumed
   * @param pausedAt when the plan was paused; set exactly when {@code status} is {@link
   *     PlanStatus#PAUSED}, else {@code null}
   * @throws IllegalArgumentException if the route id does not match {@value RouteRule#ID_SYNTAX},
   *     the step is negative, or {@code pausedAt} is missing for a paused plan or set for another
   * @throws NullPointerException if an argument other than {@code pausedAt} is null
   */
  public PlanState {
    Objects.requireNonNull(routeId, "routeId");
    if (!RouteRule.ID_PATTERN.matcher(routeId).matches()) {
      throw new IllegalArgumentException(
          "routeId: " + routeId + " (expected: " + RouteRule.ID_SYNTAX + ")");
    }
    Objects.requireNonNull(status, "status");
    Bounds.requireAtLeast("step", step, 0);
    Objects.requireNonNull(stepStartedAt, "stepStartedAt");
    if (status == PlanStatus.PAUSED && pausedAt == null) {
      throw new IllegalArgumentException(
          "pausedAt: null (expected: when the plan was paused, as it is paused)");
    }
    if (status != PlanStatus.PAUSED && pausedAt != null) {
      throw new IllegalArgumentException(
          "pausedAt: " + pausedAt + " (expected: null, as the plan is " + status.wireName() + ")");
    }
  }

  /**
   * Returns the percent of the current step.
   *
   * @param settings the plan this state belongs to
   * @return {@code settings.steps().get(step())}
   * @throws IllegalArgumentException if {@code settings} has no step {@link #step()}
   */
  public Percent percent(PlanSettings settings) {
    List<Percent> steps = settings.steps();
    if (step >= steps.size()) {
      throw new IllegalArgumentException(
          "step: "
              + step
              + " (expected: 0.."
              + (steps.size() - 1)
              + ", a step of the plan "
              + steps
              + ")");
    }
    return steps.get(step);
  }
}
