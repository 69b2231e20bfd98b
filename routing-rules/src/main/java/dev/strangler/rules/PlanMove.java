package dev.strangler.rules;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One decision of a {@link RolloutPlan}: what it did, what to put in force, and why. This is what
 * the gateway writes to the audit log, with the figures that decided it.
 *
 * <p>A {@link Kind#HELD held} move changes nothing: its state is the state it was given and the
 * rollout in force stays as it is. For every other kind, the gateway stores {@link #state()} and
 * puts {@link #rollout()} in force.
 *
 * @param kind what the plan did
 * @param manual {@code true} when an operator made the move ({@link RolloutPlan#pause pause},
 *     {@link RolloutPlan#resume resume}, {@link RolloutPlan#advance advance}), {@code false} when
 *     {@link RolloutPlan#evaluate evaluate} made it
 * @param fromStep the step index before the move
 * @param fromPercent the percent of that step
 * @param toStep the step index after the move, always {@code state().step()}
 * @param toPercent the percent of that step
 * @param rollout the rollout the plan puts in force after the move: mode canary at {@code
 *     toPercent} while the plan runs or is paused, mode legacy at 0 after a rollback, mode modern
 *     at 100 when a plan whose last step is 100 completes
 * @param gates the gates that decided the move, in the order error rate, latency ratio, diff rate;
 *     empty when no gate was judged (a step not judged yet, a manual move)
 * @param figures the figures the step was judged by; {@code null} for a manual move
 * @param reason a sentence for people, e.g. {@code step 2 of 5 (5%) passed every gate (error-rate
 *     0.2% passed ..., latency-ratio passed ..., diff-rate not applicable): advanced to step 3 of 5
 *     (25%)}; steps are counted from 1 there
 * @param at when the move was decided, by the plan's clock
 * @param state the plan's state after the move
 */
public record PlanMove(
    Kind kind,
    boolean manual,
    int fromStep,
    Percent fromPercent,
    int toStep,
    Percent toPercent,
    Rollout rollout,
    List<GateResult> gates,
    @Nullable StepFigures figures,
    String reason,
    Instant at,
    PlanState state) {

  /**
   * What a plan did.
   *
   * <p>Wire form (audit log, admin API): {@code advanced}, {@code completed}, {@code failed},
   * {@code held}, {@code inconclusive}, {@code paused}, {@code resumed}.
   */
  public enum Kind {
    /**
     * The plan moved to its next step: every gate held, an operator advanced it, or the step stayed
     * inconclusive until {@code max-step-duration} under {@code on-inconclusive: advance}.
     */
    ADVANCED,
    /** The plan passed its last step: every gate held, or an operator advanced past it. */
    COMPLETED,
    /** A gate failed: the plan rolled back or paused, as {@code on-failure} says. */
    FAILED,
    /**
     * Nothing changed: the step has not lasted {@code step-duration} or not seen {@code
     * min-requests} modern calls yet, a gate is inconclusive and the step is extended, the step
     * passed but no window is open, or the plan is not running.
     */
    HELD,
    /**
     * The step had not enough evidence either way when it reached {@code max-step-duration}: the
     * plan paused or rolled back, as {@code on-inconclusive} says ({@code advance} makes an {@link
     * #ADVANCED} or {@link #COMPLETED} move instead).
     */
    INCONCLUSIVE,
    /** An operator paused the plan. */
    PAUSED,
    /** An operator resumed the plan; the current step starts over. */
    RESUMED;

    /**
     * Returns the wire form of this kind.
     *
     * @return the lower-case name, e.g. {@code advanced}
     */
    public String wireName() {
      return WireNames.of(this);
    }

    /**
     * Parses the wire form of a move kind, ignoring case.
     *
     * @param wireName {@code advanced}, {@code completed}, {@code failed}, {@code held}, {@code
     *     inconclusive}, {@code paused} or {@code resumed}
     * @return the kind
     * @throws IllegalArgumentException if {@code wireName} names no kind; the message lists the
     *     allowed values
     */
    public static Kind parse(String wireName) {
      return WireNames.parse(values(), "plan move", wireName);
    }
  }

  /**
   * Copies the gates and checks that the move fits together.
   *
   * @param kind what the plan did
   * @param manual {@code true} when an operator made the move
   * @param fromStep the step index before the move, 0 or more
   * @param fromPercent the percent of that step
   * @param toStep the step index after the move, always {@code state().step()}
   * @param toPercent the percent of that step
   * @param rollout the rollout the plan puts in force after the move
   * @param gates the gates that decided the move; may be empty
   * @param figures the figures the step was judged by; {@code null} for a manual move
   * @param reason a sentence for people, not blank
   * @param at when the move was decided
   * @param state the plan's state after the move
   * @throws IllegalArgumentException if {@code fromStep} is negative, {@code toStep} is not the
   *     state's step, or the reason is blank
   * @throws NullPointerException if an argument other than {@code figures}, or a gate, is null
   */
  public PlanMove {
    Objects.requireNonNull(kind, "kind");
    Bounds.requireAtLeast("fromStep", fromStep, 0);
    Objects.requireNonNull(fromPercent, "fromPercent");
    Objects.requireNonNull(toPercent, "toPercent");
    Objects.requireNonNull(rollout, "rollout");
    gates = List.copyOf(gates);
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(state, "state");
    if (toStep != state.step()) {
      throw new IllegalArgumentException(
          "toStep: " + toStep + " (expected: the step of the new state, " + state.step() + ")");
    }
    if (reason.isBlank()) {
      throw new IllegalArgumentException("reason: '" + reason + "' (expected: a sentence)");
    }
  }

  /**
   * Whether the move changed the plan: anything but {@link Kind#HELD}. Only then does the gateway
   * store {@link #state()}, put {@link #rollout()} in force and write the audit log.
   *
   * @return {@code kind() != HELD}
   */
  public boolean moved() {
    return kind != Kind.HELD;
  }
}
