package dev.strangler.rules;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The rollout plan of a route as a state machine: it walks the route's canary percent through the
 * plan's steps, judges each step by its gates, and rolls back or pauses when one fails.
 *
 * <p>Moves between the states ({@link PlanStatus}):
 *
 * <ul>
 *   <li>{@link #start(String) start}: running at the first step.
 *   <li>running, {@link #evaluate evaluate}: held while the step is not judged yet; every gate
 *       holds: running at the next step, or completed after the last one; a gate fails: rolled back
 *       ({@code on-failure: rollback}) or paused ({@code on-failure: pause}).
 *   <li>running, {@link #pause pause}: paused at the same step.
 *   <li>paused, {@link #resume resume}: running at the same step, which starts over.
 *   <li>running or paused, {@link #advance advance}: running at the next step, or completed from
 *       the last one, without judging any gate.
 *   <li>completed, rolled back: final.
 * </ul>
 *
 * <p>{@link #evaluate(PlanState, StepFigures)} judges a running step only once it has lasted {@link
 * PlanSettings#stepDuration() step-duration} since {@link PlanState#stepStartedAt()} and seen
 * {@link PlanSettings#minRequests() min-requests} modern calls; until then it {@link
 * PlanMove.Kind#HELD holds}. Each gate then tests modern against legacy in the same step at the
 * plan's confidence (see {@link GateResult} for the tests): a gate fails only when modern is beyond
 * its limit and significantly worse, and holds only when modern is significantly within it. When a
 * gate fails, {@link PlanSettings#onFailure() on-failure} applies: {@link OnFailure#ROLLBACK
 * rollback} puts mode legacy, percent 0 in force and ends the plan; {@link OnFailure#PAUSE pause}
 * keeps the step's rollout and pauses the plan. When every gate holds, the plan moves to the next
 * step, or completes after the last one, inside its {@link PlanSettings#windows() windows}. Without
 * enough evidence either way the step goes on until {@link PlanSettings#maxStepDuration()
 * max-step-duration}, and then {@link PlanSettings#onInconclusive() on-inconclusive} decides.
 * Evaluate never moves a paused, completed or rolled-back plan.
 *
 * <p>Operators steer with {@link #pause(PlanState)}, {@link #resume(PlanState)} and {@link
 * #advance(PlanState)}. Completed and rolled-back plans are final: to walk the steps again, {@link
 * #start(String) start} a new plan.
 *
 * <p>Design: a plan holds no state of its own. Each method takes a {@link PlanState} and returns
 * the next, with the time read once from the injected clock, so the same state, figures and instant
 * always give the same move. That lets the gateway keep the state in its state store, resume it
 * after a restart, and share it between replicas. The class is immutable and thread-safe when the
 * clock is.
 */
public final class RolloutPlan {

  private static final MathContext SHOWN_DIGITS = new MathContext(6);

  private static final MathContext P_DIGITS = new MathContext(2);

  private static final MathContext Z_DIGITS = new MathContext(3);

  private static final double SMALLEST_P_SHOWN = 0.0001;

  private static final String SMALLEST_P_TEXT = "<0.0001";

  private final PlanSettings settings;
  private final Clock clock;

  private RolloutPlan(PlanSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Returns the state machine of a plan.
   *
   * @param settings the plan's steps and gates, as in the rules file
   * @param clock the source of time for step durations, moves and the ETA, e.g. {@link
   *     Clock#systemUTC()}
   * @return the plan
   * @throws NullPointerException if an argument is null
   */
  public static RolloutPlan of(PlanSettings settings, Clock clock) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    return new RolloutPlan(settings, clock);
  }

  /**
   * Returns the settings this plan walks.
   *
   * @return the steps and gates
   */
  public PlanSettings settings() {
    return settings;
  }

  /**
   * Starts the plan of a route: running, at the first step, from now.
   *
   * @param routeId the route, matching {@value RouteRule#ID_SYNTAX}
   * @return the state at the first step; put {@link #rollout(PlanState)} of it in force
   * @throws IllegalArgumentException if {@code routeId} does not match {@value RouteRule#ID_SYNTAX}
   * @throws NullPointerException if {@code routeId} is null
   */
  public PlanState start(String routeId) {
    return new PlanState(routeId, PlanStatus.RUNNING, 0, clock.instant(), null);
  }

  /**
   * Returns the rollout the plan puts in force in a state.
   *
   * <ul>
   *   <li>running or paused: mode canary at the step's percent (also at 100: the step is still
   *       being judged);
   *   <li>completed: mode modern when the last step is 100, since every request then goes to modern
   *       and mode modern says the route's migration is done (admin API, runbook, gauge); else mode
   *       canary at the last step's percent;
   *   <li>rolled back: mode legacy, percent 0.
   * </ul>
   *
   * <p>An operator's rollback from the admin API pauses the plan and puts mode legacy, percent 0 in
   * force over this; resuming or advancing the plan then puts the plan's rollout back.
   *
   * @param state a state of this plan
   * @return the rollout
   * @throws IllegalArgumentException if the plan has no step {@code state.step()}
   */
  public Rollout rollout(PlanState state) {
    Percent percent = state.percent(settings);
    return switch (state.status()) {
      case RUNNING, PAUSED -> new Rollout(Mode.CANARY, percent);
      case COMPLETED ->
          percent.equals(Percent.HUNDRED)
              ? new Rollout(Mode.MODERN, Percent.HUNDRED)
              : new Rollout(Mode.CANARY, percent);
      case ROLLED_BACK -> new Rollout(Mode.LEGACY, Percent.ZERO);
    };
  }

  /**
   * Judges the current step of a running plan by what the gateway measured since it started.
   *
   * <ul>
   *   <li>Not running (paused, completed, rolled back): {@link PlanMove.Kind#HELD held}; no gate is
   *       judged and nothing changes.
   *   <li>The step has not lasted {@code step-duration}, or has seen fewer than {@code
   *       min-requests} modern calls: held, with what is missing in the reason (time left, requests
   *       missing); once it has lasted {@code max-step-duration} so, {@code on-inconclusive}
   *       applies.
   *   <li>A gate fails ({@link GateResult.Verdict#FAILED}): {@link PlanMove.Kind#FAILED failed};
   *       with {@code on-failure: rollback} the plan is rolled back (mode legacy, percent 0), with
   *       {@code on-failure: pause} it is paused at its step, whose rollout stays. This applies
   *       inside and outside the plan's windows: going back is always allowed.
   *   <li>Every gate holds: {@link PlanMove.Kind#ADVANCED advanced} to the next step, which starts
   *       now, or {@link PlanMove.Kind#COMPLETED completed} after the last step; held while no
   *       window is open, with the next window's start in the reason.
   *   <li>Else a gate is inconclusive: held (the step is extended) until the step has lasted {@code
   *       max-step-duration}; then {@code on-inconclusive}: {@link PlanMove.Kind#INCONCLUSIVE
   *       inconclusive}, paused or rolled back, or advanced as if every gate held (held while no
   *       window is open).
   * </ul>
   *
   * <p>A judged move lists all three gates with their tests and figures; a held move lists them
   * when they were judged (an extended step, a step waiting for a window).
   *
   * @param state a state of this plan
   * @param figures what the gateway measured since {@code state.stepStartedAt()}
   * @return the move; store its state and put its rollout in force when it {@link PlanMove#moved()
   *     moved}
   * @throws IllegalArgumentException if the plan has no step {@code state.step()}
   * @throws NullPointerException if an argument is null
   */
  public PlanMove evaluate(PlanState state, StepFigures figures) {
    Objects.requireNonNull(figures, "figures");
    Percent percent = state.percent(settings);
    Instant now = clock.instant();
    if (state.status() != PlanStatus.RUNNING) {
      return held(
          state,
          figures,
          List.of(),
          now,
          "the plan is " + state.status().wireName() + ": only a running plan is judged");
    }
    Duration lasted = Duration.between(state.stepStartedAt(), now);
    boolean overdue = lasted.compareTo(settings.maxStepDuration()) >= 0;
    List<String> missing = new ArrayList<>();
    if (lasted.compareTo(settings.stepDuration()) < 0) {
      missing.add(human(settings.stepDuration().minus(lasted)) + " left");
    }
    if (figures.modernRequests() < settings.minRequests()) {
      missing.add(
          (settings.minRequests() - figures.modernRequests())
              + " more modern requests needed ("
              + figures.modernRequests()
              + " of "
              + settings.minRequests()
              + ")");
    }
    if (!missing.isEmpty()) {
      if (overdue) {
        return inconclusive(
            state,
            figures,
            List.of(),
            now,
            stepName(state.step())
                + " had too little evidence when it reached max-step-duration "
                + human(settings.maxStepDuration())
                + " ("
                + String.join(", ", missing)
                + ")");
      }
      return held(
          state,
          figures,
          List.of(),
          now,
          stepName(state.step()) + " is not judged yet: " + String.join(", ", missing));
    }

    List<GateResult> gates = gates(figures);
    if (gates.stream().anyMatch(GateResult::failed)) {
      PlanState next =
          settings.onFailure() == OnFailure.ROLLBACK
              ? new PlanState(
                  state.routeId(),
                  PlanStatus.ROLLED_BACK,
                  state.step(),
                  state.stepStartedAt(),
                  null)
              : new PlanState(
                  state.routeId(), PlanStatus.PAUSED, state.step(), state.stepStartedAt(), now);
      String outcome =
          settings.onFailure() == OnFailure.ROLLBACK
              ? "rolled back to mode legacy, percent 0; the plan is stopped"
              : "paused at " + percent + "% until an operator resumes or advances it";
      return move(
          PlanMove.Kind.FAILED,
          false,
          state,
          next,
          gates,
          figures,
          stepName(state.step()) + " failed a gate (" + describe(gates) + "): " + outcome,
          now);
    }
    if (gates.stream().allMatch(GateResult::passed)) {
      return forward(
          state,
          figures,
          gates,
          now,
          stepName(state.step()) + " passed every gate (" + describe(gates) + ")");
    }
    if (!overdue) {
      return held(
          state,
          figures,
          gates,
          now,
          stepName(state.step())
              + " is extended, not enough evidence yet ("
              + describe(gates)
              + "): judged again as evidence comes, by on-inconclusive ("
              + settings.onInconclusive().wireName()
              + ") at "
              + state.stepStartedAt().plus(settings.maxStepDuration()));
    }
    return inconclusive(
        state,
        figures,
        gates,
        now,
        stepName(state.step())
            + " stayed inconclusive until max-step-duration "
            + human(settings.maxStepDuration())
            + " ("
            + describe(gates)
            + ")");
  }

  /**
   * Judges every gate on a step's figures, as {@link #evaluate} does once the step has lasted its
   * duration and seen its requests; a simulation shows them at any time.
   *
   * @param figures what the gateway measured in the step
   * @return the gates in the order error rate, latency ratio, diff rate
   * @throws NullPointerException if {@code figures} is null
   */
  public List<GateResult> gates(StepFigures figures) {
    Objects.requireNonNull(figures, "figures");
    double alpha = settings.alpha();
    return List.of(
        StatisticalGates.errorRate(figures, settings.maxErrorRate(), alpha),
        StatisticalGates.latency(figures, settings.maxLatencyRatio(), alpha),
        StatisticalGates.diffRate(figures, settings.maxDiffRate(), alpha));
  }

  /**
   * When a running plan outside its windows may move forward again.
   *
   * @param state a state of this plan
   * @return the start of the next window when the plan is running, has windows, and none is open
   *     now; empty otherwise (also when no window opens within eight days)
   * @throws IllegalArgumentException if the plan has no step {@code state.step()}
   */
  public Optional<Instant> waitingForWindow(PlanState state) {
    state.percent(settings);
    Instant now = clock.instant();
    if (state.status() != PlanStatus.RUNNING || PlanWindow.anyOpen(settings.windows(), now)) {
      return Optional.empty();
    }
    return PlanWindow.firstOpen(settings.windows(), now);
  }

  /** The step passed: on to the next one or completed, once a window is open. */
  private PlanMove forward(
      PlanState state, StepFigures figures, List<GateResult> gates, Instant now, String judged) {
    if (!PlanWindow.anyOpen(settings.windows(), now)) {
      String next =
          PlanWindow.firstOpen(settings.windows(), now)
              .map(opens -> "the next window opens at " + opens)
              .orElse("no window opens within eight days");
      return held(
          state, figures, gates, now, judged + ", waiting for a window of the plan: " + next);
    }
    boolean last = state.step() == lastStep();
    PlanState next =
        last
            ? new PlanState(
                state.routeId(), PlanStatus.COMPLETED, state.step(), state.stepStartedAt(), null)
            : new PlanState(state.routeId(), PlanStatus.RUNNING, state.step() + 1, now, null);
    return move(
        last ? PlanMove.Kind.COMPLETED : PlanMove.Kind.ADVANCED,
        false,
        state,
        next,
        gates,
        figures,
        judged + ": " + (last ? completedText(next) : "advanced to " + stepName(next.step())),
        now);
  }

  /** A step without enough evidence at max-step-duration: as on-inconclusive says. */
  private PlanMove inconclusive(
      PlanState state, StepFigures figures, List<GateResult> gates, Instant now, String why) {
    return switch (settings.onInconclusive()) {
      case ADVANCE -> forward(state, figures, gates, now, why + ", on-inconclusive advance");
      case PAUSE ->
          move(
              PlanMove.Kind.INCONCLUSIVE,
              false,
              state,
              new PlanState(
                  state.routeId(), PlanStatus.PAUSED, state.step(), state.stepStartedAt(), now),
              gates,
              figures,
              why
                  + ": paused at "
                  + state.percent(settings)
                  + "% by on-inconclusive until an operator resumes or advances it",
              now);
      case ROLLBACK ->
          move(
              PlanMove.Kind.INCONCLUSIVE,
              false,
              state,
              new PlanState(
                  state.routeId(),
                  PlanStatus.ROLLED_BACK,
                  state.step(),
                  state.stepStartedAt(),
                  null),
              gates,
              figures,
              why
                  + ": rolled back to mode legacy, percent 0 by on-inconclusive; the plan is"
                  + " stopped",
              now);
    };
  }

  /**
   * Pauses a running plan at its current step; the step's rollout stays in force. The step's time
   * stops counting: {@link #resume(PlanState)} starts it over.
   *
   * @param state a running state of this plan
   * @return the {@link PlanMove.Kind#PAUSED paused} move
   * @throws IllegalStateException if the plan is not running
   * @throws IllegalArgumentException if the plan has no step {@code state.step()}
   */
  public PlanMove pause(PlanState state) {
    state.percent(settings);
    requireStatus(state, "pause", "only a running plan can be paused", PlanStatus.RUNNING);
    Instant now = clock.instant();
    PlanState next =
        new PlanState(state.routeId(), PlanStatus.PAUSED, state.step(), state.stepStartedAt(), now);
    return move(
        PlanMove.Kind.PAUSED,
        true,
        state,
        next,
        List.of(),
        null,
        "paused by an operator at " + stepName(state.step()),
        now);
  }

  /**
   * Resumes a paused plan at its current step, which starts over now: its duration and figures
   * count afresh. The step's rollout is put in force again (it may have been overridden, e.g. by a
   * rollback from the admin API).
   *
   * @param state a paused state of this plan
   * @return the {@link PlanMove.Kind#RESUMED resumed} move
   * @throws IllegalStateException if the plan is not paused
   * @throws IllegalArgumentException if the plan has no step {@code state.step()}
   */
  public PlanMove resume(PlanState state) {
    state.percent(settings);
    requireStatus(state, "resume", "only a paused plan can be resumed", PlanStatus.PAUSED);
    Instant now = clock.instant();
    PlanState next = new PlanState(state.routeId(), PlanStatus.RUNNING, state.step(), now, null);
    return move(
        PlanMove.Kind.RESUMED,
        true,
        state,
        next,
        List.of(),
        null,
        "resumed by an operator: " + stepName(state.step()) + " starts over",
        now);
  }

  /**
   * Moves a running or paused plan to its next step without judging any gate, as an operator
   * decides. The next step starts now and the plan runs (a paused plan is resumed, as Argo
   * Rollouts' promote does). Advancing from the last step completes the plan.
   *
   * @param state a running or paused state of this plan
   * @return the {@link PlanMove.Kind#ADVANCED advanced} or {@link PlanMove.Kind#COMPLETED
   *     completed} move
   * @throws IllegalStateException if the plan is completed or rolled back
   * @throws IllegalArgumentException if the plan has no step {@code state.step()}
   */
  public PlanMove advance(PlanState state) {
    state.percent(settings);
    requireStatus(
        state,
        "advance",
        "only a running or paused plan can be advanced; start a new plan to walk the steps again",
        PlanStatus.RUNNING,
        PlanStatus.PAUSED);
    Instant now = clock.instant();
    if (state.step() == lastStep()) {
      PlanState next =
          new PlanState(
              state.routeId(), PlanStatus.COMPLETED, state.step(), state.stepStartedAt(), null);
      return move(
          PlanMove.Kind.COMPLETED,
          true,
          state,
          next,
          List.of(),
          null,
          "advanced by an operator past the last step, "
              + stepName(state.step())
              + ", gates not judged: "
              + completedText(next),
          now);
    }
    PlanState next =
        new PlanState(state.routeId(), PlanStatus.RUNNING, state.step() + 1, now, null);
    return move(
        PlanMove.Kind.ADVANCED,
        true,
        state,
        next,
        List.of(),
        null,
        "advanced by an operator from "
            + stepName(state.step())
            + " to "
            + stepName(next.step())
            + ", gates not judged",
        now);
  }

  /**
   * Estimates when a running plan completes: the end of the current step plus {@code step-duration}
   * for each step after it, each move put off to the next open window when the plan has windows.
   *
   * <p>The end of the current step is {@code stepStartedAt + step-duration}, or now when that has
   * passed (the step waits for requests or evidence, so it cannot end earlier than now). The
   * estimate assumes that every step sees {@code min-requests} modern calls and enough evidence
   * within its duration and passes its gates; a step short of either pushes it back.
   *
   * @param state a state of this plan
   * @return the estimated completion; empty when the plan is not running (paused, completed, rolled
   *     back), when the estimate lies beyond {@link Instant#MAX}, or when a window it needs does
   *     not open within eight days of the time before it
   * @throws IllegalArgumentException if the plan has no step {@code state.step()}
   */
  public Optional<Instant> eta(PlanState state) {
    state.percent(settings);
    if (state.status() != PlanStatus.RUNNING) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    try {
      Instant stepEnd = state.stepStartedAt().plus(settings.stepDuration());
      if (stepEnd.isBefore(now)) {
        stepEnd = now;
      }
      Optional<Instant> moves = PlanWindow.firstOpen(settings.windows(), stepEnd);
      for (int step = state.step() + 1; step <= lastStep() && moves.isPresent(); step++) {
        moves = PlanWindow.firstOpen(settings.windows(), moves.get().plus(settings.stepDuration()));
      }
      return moves;
    } catch (DateTimeException | ArithmeticException e) {
      return Optional.empty();
    }
  }

  private PlanMove held(
      PlanState state, StepFigures figures, List<GateResult> gates, Instant now, String reason) {
    return move(PlanMove.Kind.HELD, false, state, state, gates, figures, reason, now);
  }

  private PlanMove move(
      PlanMove.Kind kind,
      boolean manual,
      PlanState from,
      PlanState to,
      List<GateResult> gates,
      @Nullable StepFigures figures,
      String reason,
      Instant now) {
    return new PlanMove(
        kind,
        manual,
        from.step(),
        from.percent(settings),
        to.step(),
        to.percent(settings),
        rollout(to),
        gates,
        figures,
        reason,
        now,
        to);
  }

  private void requireStatus(PlanState state, String action, String rule, PlanStatus... allowed) {
    for (PlanStatus status : allowed) {
      if (state.status() == status) {
        return;
      }
    }
    throw new IllegalStateException(
        "cannot "
            + action
            + " the plan of route "
            + state.routeId()
            + ": it is "
            + state.status().wireName()
            + ", and "
            + rule);
  }

  private int lastStep() {
    return settings.steps().size() - 1;
  }

  /** {@code step 2 of 5 (5%)}: counted from 1, for people. */
  private String stepName(int step) {
    return "step "
        + (step + 1)
        + " of "
        + settings.steps().size()
        + " ("
        + settings.steps().get(step)
        + "%)";
  }

  private String completedText(PlanState completed) {
    Rollout rollout = rollout(completed);
    return "the plan is completed, mode "
        + rollout.mode().wireName()
        + " at "
        + rollout.percent()
        + "%";
  }

  /**
   * {@code error-rate 0.4% passed (limit 1%; two-proportion-z z=-2.31, p=0.021; 900 modern / 880
   * legacy), latency-ratio inconclusive (...), diff-rate not applicable}.
   */
  static String describe(List<GateResult> gates) {
    return gates.stream().map(RolloutPlan::describe).collect(Collectors.joining(", "));
  }

  private static String describe(GateResult gate) {
    if (!gate.applicable()) {
      return gate.gate() + " not applicable";
    }
    boolean latency = gate.gate().equals(GateResult.LATENCY_RATIO);
    String unit = latency ? "" : "%";
    String p =
        switch (gate.verdict()) {
          case FAILED -> "p=" + pShown(gate.pWorse());
          case PASSED -> "p=" + pShown(gate.pWithin());
          default -> "p-worse=" + pShown(gate.pWorse()) + ", p-within=" + pShown(gate.pWithin());
        };
    String statistic =
        switch (gate.test()) {
          case GateResult.TWO_PROPORTION ->
              "z="
                  + BigDecimal.valueOf(gate.statistic())
                      .round(Z_DIGITS)
                      .stripTrailingZeros()
                      .toPlainString();
          case GateResult.MANN_WHITNEY -> "U=" + shown(gate.statistic());
          default -> "k=" + shown(gate.statistic());
        };
    String samples =
        gate.gate().equals(GateResult.DIFF_RATE)
            ? gate.modernSamples() + " pairs"
            : gate.modernSamples()
                + " modern / "
                + gate.legacySamples()
                + " legacy"
                + (latency ? " samples" : " calls");
    return gate.gate()
        + (latency ? " " : " " + shown(gate.actual()) + unit + " ")
        + gate.verdict().wireName()
        + " (limit "
        + (latency ? shown(gate.limit()) + " x legacy" : shown(gate.limit()) + unit)
        + "; "
        + gate.test()
        + " "
        + statistic
        + ", "
        + p
        + "; "
        + samples
        + (latency && gate.actual() > 0 ? "; p99 ratio " + shown(gate.actual()) : "")
        + ")";
  }

  /** Two significant digits, {@code <0.0001} below that: {@code 0.034}, {@code 0.5}. */
  private static String pShown(double p) {
    if (p < SMALLEST_P_SHOWN) {
      return SMALLEST_P_TEXT;
    }
    return BigDecimal.valueOf(p).round(P_DIGITS).stripTrailingZeros().toPlainString();
  }

  /** Six significant digits at most, no exponent, no trailing zeros: {@code 3.2}, {@code 100}. */
  private static String shown(double value) {
    return BigDecimal.valueOf(value).round(SHOWN_DIGITS).stripTrailingZeros().toPlainString();
  }

  /** Whole seconds, rounded up: {@code 3m20s}, {@code 1h5s}, {@code 0s}. */
  private static String human(Duration duration) {
    long seconds = duration.getSeconds() + (duration.getNano() > 0 ? 1 : 0);
    StringBuilder text = new StringBuilder();
    if (seconds >= 3600) {
      text.append(seconds / 3600).append('h');
    }
    if (seconds % 3600 >= 60) {
      text.append(seconds % 3600 / 60).append('m');
    }
    if (seconds % 60 > 0 || text.length() == 0) {
      text.append(seconds % 60).append('s');
    }
    return text.toString();
  }
}
