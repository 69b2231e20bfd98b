package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RolloutPlanTest {

  private static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");
  private static final Duration STEP = Duration.ofMinutes(10);

  /** Latencies spread evenly from 50 to 150 ms. */
  private static final LatencySamples TYPICAL = ramp(200, 50, 150);

  /**
   * Enough evidence of a healthy step: 1000 calls on each side without failure, the same latencies
   * on both sides, 500 compared pairs without a breaking difference.
   */
  private static final StepFigures HEALTHY = figures(1000, 0, 1000, 0, TYPICAL, TYPICAL, 500, 0);

  /** {@code n} latencies spread evenly from {@code from} to {@code to} milliseconds. */
  static LatencySamples ramp(int n, double from, double to) {
    double[] millis = new double[n];
    for (int i = 0; i < n; i++) {
      millis[i] = from + (to - from) * i / (n - 1);
    }
    return LatencySamples.of(millis);
  }

  static StepFigures figures(
      long modern,
      long modernFailures,
      long legacy,
      long legacyFailures,
      LatencySamples modernLatency,
      LatencySamples legacyLatency,
      long compared,
      long breaking) {
    return new StepFigures(
        modern,
        modernFailures,
        legacy,
        legacyFailures,
        modernLatency,
        legacyLatency,
        compared,
        breaking);
  }

  /** Healthy but for the error counts. */
  private static StepFigures errors(long modern, long modernFailures, long legacy, long failures) {
    return figures(modern, modernFailures, legacy, failures, TYPICAL, TYPICAL, 0, 0);
  }

  private final TestClock clock = TestClock.at(T0);

  private static List<Percent> percents(String... values) {
    return Stream.of(values).map(Percent::of).toList();
  }

  private static PlanSettings settings(OnFailure onFailure, String... steps) {
    return new PlanSettings(percents(steps), STEP, 100, 1, 1.5, 1, onFailure);
  }

  private RolloutPlan plan() {
    return plan(OnFailure.ROLLBACK);
  }

  private RolloutPlan plan(OnFailure onFailure) {
    return RolloutPlan.of(settings(onFailure, "1", "5", "25", "50", "100"), clock);
  }

  private static PlanState state(PlanStatus status, int step) {
    return new PlanState(
        "orders", status, step, T0, status == PlanStatus.PAUSED ? T0.plusSeconds(60) : null);
  }

  /** Lets the current step last its duration, then judges it. */
  private PlanMove judged(RolloutPlan plan, PlanState state, StepFigures figures) {
    clock.set(state.stepStartedAt().plus(STEP));
    return plan.evaluate(state, figures);
  }

  private static GateResult gate(PlanMove move, String name) {
    return move.gates().stream().filter(g -> g.gate().equals(name)).findFirst().orElseThrow();
  }

  // start

  @Test
  void start_isRunningAtTheFirstStepFromNow() {
    PlanState state = plan().start("orders");

    assertThat(state).isEqualTo(new PlanState("orders", PlanStatus.RUNNING, 0, T0, null));
    assertThat(state.percent(plan().settings())).isEqualTo(Percent.of("1"));
    assertThat(plan().rollout(state)).isEqualTo(new Rollout(Mode.CANARY, Percent.of("1")));
  }

  @Test
  void start_badRouteId_isRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> plan().start("Orders"))
        .withMessage("routeId: Orders (expected: [a-z0-9][a-z0-9-]{0,62})");
  }

  // held

  @Test
  void step_notLastedYet_holdsWithTimeLeft() {
    RolloutPlan plan = plan();
    PlanState state = plan.start("orders");
    clock.advance(Duration.ofSeconds(400));

    PlanMove move = plan.evaluate(state, HEALTHY);

    assertThat(move.kind()).isEqualTo(PlanMove.Kind.HELD);
    assertThat(move.moved()).isFalse();
    assertThat(move.state()).isSameAs(state);
    assertThat(move.gates()).isEmpty();
    assertThat(move.figures()).isEqualTo(HEALTHY);
    assertThat(move.rollout()).isEqualTo(new Rollout(Mode.CANARY, Percent.of("1")));
    assertThat(move.reason()).isEqualTo("step 1 of 5 (1%) is not judged yet: 3m20s left");
    assertThat(move.at()).isEqualTo(T0.plusSeconds(400));
  }

  @Test
  void step_oneNanosecondShortOfItsDuration_holds() {
    RolloutPlan plan = plan();
    PlanState state = plan.start("orders");
    clock.advance(STEP.minusNanos(1));

    PlanMove move = plan.evaluate(state, HEALTHY);

    assertThat(move.kind()).isEqualTo(PlanMove.Kind.HELD);
    assertThat(move.reason()).isEqualTo("step 1 of 5 (1%) is not judged yet: 1s left");
  }

  @Test
  void step_lastedButTooFewRequests_holdsWithRequestsMissing() {
    RolloutPlan plan = plan();
    PlanState state = plan.start("orders");
    clock.advance(Duration.ofMinutes(59));

    PlanMove move = plan.evaluate(state, errors(99, 99, 1000, 0));

    assertThat(move.kind()).isEqualTo(PlanMove.Kind.HELD);
    assertThat(move.state()).isSameAs(state);
    assertThat(move.gates()).isEmpty();
    assertThat(move.reason())
        .isEqualTo("step 1 of 5 (1%) is not judged yet: 1 more modern requests needed (99 of 100)");
  }

  @Test
  void step_neitherLastedNorEnoughRequests_namesBoth() {
    RolloutPlan plan = plan();
    PlanState state = plan.start("orders");
    clock.advance(Duration.ofSeconds(1));

    PlanMove move = plan.evaluate(state, StepFigures.NONE);

    assertThat(move.reason())
        .isEqualTo(
            "step 1 of 5 (1%) is not judged yet: 9m59s left, "
                + "100 more modern requests needed (0 of 100)");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "3600, 1h",
    "3660, 1h1m",
    "3601, 1h1s",
    "60, 1m",
    "59, 59s",
    "7322, 2h2m2s"
  })
  void step_timeLeft_isShownInHoursMinutesAndSeconds(long secondsLeft, String shown) {
    RolloutPlan plan = plan();
    PlanState state = plan.start("orders");
    clock.set(T0.plus(STEP).minusSeconds(secondsLeft));

    PlanMove move = plan.evaluate(state, HEALTHY);

    assertThat(move.reason()).isEqualTo("step 1 of 5 (1%) is not judged yet: " + shown + " left");
  }

  @Test
  void step_clockBeforeItsStart_holds() {
    RolloutPlan plan = plan();
    PlanState state = plan.start("orders");
    clock.set(T0.minus(Duration.ofHours(1)));

    PlanMove move = plan.evaluate(state, HEALTHY);

    assertThat(move.kind()).isEqualTo(PlanMove.Kind.HELD);
    assertThat(move.reason()).isEqualTo("step 1 of 5 (1%) is not judged yet: 1h10m left");
  }

  @ParameterizedTest
  @EnumSource(
      value = PlanStatus.class,
      names = {"PAUSED", "COMPLETED", "ROLLED_BACK"})
  void evaluate_planNotRunning_neverMovesIt(PlanStatus status) {
    RolloutPlan plan = plan();
    PlanState state = state(status, 2);
    clock.advance(Duration.ofDays(1));

    PlanMove healthy = plan.evaluate(state, HEALTHY);
    PlanMove failing = plan.evaluate(state, errors(1000, 1000, 1000, 0));

    for (PlanMove move : List.of(healthy, failing)) {
      assertThat(move.kind()).isEqualTo(PlanMove.Kind.HELD);
      assertThat(move.moved()).isFalse();
      assertThat(move.state()).isSameAs(state);
      assertThat(move.gates()).isEmpty();
      assertThat(move.rollout()).isEqualTo(plan.rollout(state));
      assertThat(move.reason())
          .isEqualTo("the plan is " + status.wireName() + ": only a running plan is judged");
    }
  }

  // advance on passed gates

  @Test
  void step_lastedAndEnoughRequests_advances() {
    RolloutPlan plan = plan();
    PlanState state = plan.start("orders");
    clock.advance(STEP);

    PlanMove move = plan.evaluate(state, HEALTHY);

    assertThat(move.kind()).isEqualTo(PlanMove.Kind.ADVANCED);
    assertThat(move.moved()).isTrue();
    assertThat(move.manual()).isFalse();
    assertThat(move.fromStep()).isZero();
    assertThat(move.fromPercent()).isEqualTo(Percent.of("1"));
    assertThat(move.toStep()).isEqualTo(1);
    assertThat(move.toPercent()).isEqualTo(Percent.of("5"));
    assertThat(move.rollout()).isEqualTo(new Rollout(Mode.CANARY, Percent.of("5")));
    assertThat(move.state())
        .isEqualTo(new PlanState("orders", PlanStatus.RUNNING, 1, T0.plus(STEP), null));
    assertThat(move.figures()).isEqualTo(HEALTHY);
    assertThat(move.at()).isEqualTo(T0.plus(STEP));
    assertThat(move.gates())
        .extracting(GateResult::gate, GateResult::verdict, GateResult::test)
        .containsExactly(
            tuple(GateResult.ERROR_RATE, GateResult.Verdict.PASSED, GateResult.TWO_PROPORTION),
            tuple(GateResult.LATENCY_RATIO, GateResult.Verdict.PASSED, GateResult.MANN_WHITNEY),
            tuple(GateResult.DIFF_RATE, GateResult.Verdict.PASSED, GateResult.BINOMIAL));
    assertThat(move.reason())
        .isEqualTo(
            "step 1 of 5 (1%) passed every gate (error-rate 0% passed (limit 1%;"
                + " two-proportion-z z=0, p=<0.0001; 1000 modern / 1000 legacy calls),"
                + " latency-ratio passed (limit 1.5 x legacy; mann-whitney-u U=7550, p=<0.0001;"
                + " 200 modern / 200 legacy samples; p99 ratio 1), diff-rate 0% passed (limit 1%;"
                + " binomial k=0, p=0.0066; 500 pairs)): advanced to step 2 of 5 (5%)");
  }

  @Test
  void step_advanced_nextStepCountsItsOwnDuration() {
    RolloutPlan plan = plan();
    PlanState second = judged(plan, plan.start("orders"), HEALTHY).state();
    clock.advance(STEP.minusSeconds(1));

    PlanMove move = plan.evaluate(second, HEALTHY);

    assertThat(move.kind()).isEqualTo(PlanMove.Kind.HELD);
    assertThat(move.reason()).isEqualTo("step 2 of 5 (5%) is not judged yet: 1s left");
  }

  @Test
  void step_minRequestsZero_isJudgedOnTimeAlone() {
    RolloutPlan plan =
        RolloutPlan.of(
            new PlanSettings(percents("0", "10"), STEP, 0, 1, 1.5, 1, OnFailure.ROLLBACK), clock);

    PlanMove move = judged(plan, plan.start("orders"), StepFigures.NONE);

    assertThat(move.kind()).isEqualTo(PlanMove.Kind.ADVANCED);
    assertThat(move.gates()).allSatisfy(gate -> assertThat(gate.applicable()).isFalse());
    assertThat(move.reason())
        .isEqualTo(
            "step 1 of 2 (0%) passed every gate (error-rate not applicable, latency-ratio not"
                + " applicable, diff-rate not applicable): advanced to step 2 of 2 (10%)");
  }

  // gates through the plan (the tests themselves: StatisticalGatesTest)

  @Test
  void latencyRatio_legacyNotMeasured_isNotApplicableAndPasses() {
    RolloutPlan plan = plan();

    PlanMove move =
        judged(
            plan,
            plan.start("orders"),
            figures(1000, 0, 0, 0, ramp(200, 900, 9000), LatencySamples.NONE, 0, 0));

    assertThat(gate(move, GateResult.LATENCY_RATIO))
        .isEqualTo(
            new GateResult(
                GateResult.LATENCY_RATIO,
                GateResult.Verdict.NOT_APPLICABLE,
                0,
                1.5,
                GateResult.NONE,
                0,
                1,
                1,
                0,
                0));
    assertThat(gate(move, GateResult.ERROR_RATE).test()).isEqualTo(GateResult.BINOMIAL);
    assertThat(move.kind()).isEqualTo(PlanMove.Kind.ADVANCED);
    assertThat(move.reason()).contains("latency-ratio not applicable");
  }

  @Test
  void diffRate_noComparedPairs_isNotApplicableAndPasses() {
    RolloutPlan plan = plan();

    PlanMove move = judged(plan, plan.start("orders"), errors(1000, 0, 1000, 0));

    assertThat(gate(move, GateResult.DIFF_RATE).verdict())
        .isEqualTo(GateResult.Verdict.NOT_APPLICABLE);
    assertThat(move.kind()).isEqualTo(PlanMove.Kind.ADVANCED);
  }

  @Test
  void step_minRequestsZeroAndNothingMeasured_advancesOnTimeAlone() {
    RolloutPlan plan =
        RolloutPlan.of(
            new PlanSettings(percents("0", "10"), STEP, 0, 1, 1.5, 1, OnFailure.ROLLBACK), clock);

    PlanMove move = judged(plan, plan.start("orders"), StepFigures.NONE);

    assertThat(move.kind()).isEqualTo(PlanMove.Kind.ADVANCED);
    assertThat(move.gates()).allSatisfy(gate -> assertThat(gate.applicable()).isFalse());
    assertThat(move.reason())
        .isEqualTo(
            "step 1 of 2 (0%) passed every gate (error-rate not applicable, latency-ratio not"
                + " applicable, diff-rate not applicable): advanced to step 2 of 2 (10%)");
  }

  // failure

  @Test
  void gateFails_onFailureRollback_rollsBackToLegacyZeroAndStops() {
    RolloutPlan plan = plan(OnFailure.ROLLBACK);
    PlanState third = new PlanState("orders", PlanStatus.RUNNING, 2, T0, null);

    PlanMove move = judged(plan, third, errors(1000, 30, 1000, 2));

    assertThat(move.kind()).isEqualTo(PlanMove.Kind.FAILED);
    assertThat(move.moved()).isTrue();
    assertThat(move.manual()).isFalse();
    assertThat(move.rollout()).isEqualTo(new Rollout(Mode.LEGACY, Percent.ZERO));
    assertThat(move.state())
        .isEqualTo(new PlanState("orders", PlanStatus.ROLLED_BACK, 2, T0, null));
    assertThat(move.fromPercent()).isEqualTo(Percent.of("25"));
    assertThat(move.toPercent()).isEqualTo(Percent.of("25"));
    assertThat(move.gates()).hasSize(3);
    assertThat(gate(move, GateResult.ERROR_RATE).verdict()).isEqualTo(GateResult.Verdict.FAILED);
    assertThat(move.reason())
        .startsWith("step 3 of 5 (25%) failed a gate (error-rate 3% failed (limit 1%;")
        .endsWith(
            "diff-rate not applicable): rolled back to mode legacy, percent 0;"
                + " the plan is stopped");
    assertThat(plan.eta(move.state())).isEmpty();
  }

  @Test
  void gateFails_onFailurePause_pausesAndKeepsTheStepRollout() {
    RolloutPlan plan = plan(OnFailure.PAUSE);
    PlanState third = new PlanState("orders", PlanStatus.RUNNING, 2, T0, null);

    PlanMove move =
        judged(
            plan,
            third,
            figures(1000, 0, 1000, 0, ramp(200, 100, 300), ramp(200, 50, 150), 500, 20));

    assertThat(move.kind()).isEqualTo(PlanMove.Kind.FAILED);
    assertThat(move.rollout()).isEqualTo(new Rollout(Mode.CANARY, Percent.of("25")));
    assertThat(move.state())
        .isEqualTo(new PlanState("orders", PlanStatus.PAUSED, 2, T0, T0.plus(STEP)));
    assertThat(move.gates())
        .extracting(GateResult::verdict)
        .containsExactly(
            GateResult.Verdict.PASSED, GateResult.Verdict.FAILED, GateResult.Verdict.FAILED);
    assertThat(move.reason())
        .startsWith("step 3 of 5 (25%) failed a gate (error-rate 0% passed")
        .contains("latency-ratio failed (limit 1.5 x legacy; mann-whitney-u U=")
        .contains("diff-rate 4% failed (limit 1%; binomial k=20")
        .endsWith("): paused at 25% until an operator resumes or advances it");
  }

  @Test
  void gateFails_onTheLastStep_failsRatherThanCompletes() {
    RolloutPlan plan = plan();

    PlanMove move = judged(plan, state(PlanStatus.RUNNING, 4), errors(1000, 50, 0, 0));

    assertThat(move.kind()).isEqualTo(PlanMove.Kind.FAILED);
    assertThat(move.state().status()).isEqualTo(PlanStatus.ROLLED_BACK);
  }

  // too little evidence: extended, then on-inconclusive

  /** 1 % of 100 modern calls failing against 0.9 % of legacy's: neither worse nor shown within. */
  private static final StepFigures UNSURE = errors(100, 1, 1000, 9);

  private RolloutPlan plan(OnInconclusive onInconclusive) {
    return RolloutPlan.of(
        new PlanSettings(
            percents("1", "5", "25", "50", "100"),
            STEP,
            100,
            1,
            1.5,
            1,
            OnFailure.ROLLBACK,
            95,
            Duration.ofSeconds(30),
            Duration.ofHours(1),
            onInconclusive,
            List.of()),
        clock);
  }

  @Test
  void gateInconclusive_beforeMaxStepDuration_extendsTheStep() {
    RolloutPlan plan = plan(OnInconclusive.PAUSE);
    PlanState state = plan.start("orders");
    clock.advance(Duration.ofMinutes(20));

    PlanMove move = plan.evaluate(state, UNSURE);

    assertThat(move.kind()).isEqualTo(PlanMove.Kind.HELD);
    assertThat(move.moved()).isFalse();
    assertThat(gate(move, GateResult.ERROR_RATE).verdict())
        .isEqualTo(GateResult.Verdict.INCONCLUSIVE);
    assertThat(move.reason())
        .startsWith(
            "step 1 of 5 (1%) is extended, not enough evidence yet (error-rate 1% inconclusive")
        .endsWith(
            "judged again as evidence comes, by on-inconclusive (pause) at "
                + T0.plus(Duration.ofHours(1)));
  }

  @Test
  void gateInconclusive_atMaxStepDuration_onInconclusivePause_pauses() {
    RolloutPlan plan = plan(OnInconclusive.PAUSE);
    PlanState state = plan.start("orders");
    clock.advance(Duration.ofHours(1));

    PlanMove move = plan.evaluate(state, UNSURE);

    assertThat(move.kind()).isEqualTo(PlanMove.Kind.INCONCLUSIVE);
    assertThat(move.state())
        .isEqualTo(new PlanState("orders", PlanStatus.PAUSED, 0, T0, T0.plus(Duration.ofHours(1))));
    assertThat(move.rollout()).isEqualTo(new Rollout(Mode.CANARY, Percent.of("1")));
    assertThat(move.reason())
        .startsWith("step 1 of 5 (1%) stayed inconclusive until max-step-duration 1h (")
        .endsWith("): paused at 1% by on-inconclusive until an operator resumes or advances it");
  }

  @Test
  void gateInconclusive_atMaxStepDuration_onInconclusiveRollback_rollsBack() {
    RolloutPlan plan = plan(OnInconclusive.ROLLBACK);
    PlanState state = plan.start("orders");
    clock.advance(Duration.ofHours(1));

    PlanMove move = plan.evaluate(state, UNSURE);

    assertThat(move.kind()).isEqualTo(PlanMove.Kind.INCONCLUSIVE);
    assertThat(move.state().status()).isEqualTo(PlanStatus.ROLLED_BACK);
    assertThat(move.rollout()).isEqualTo(new Rollout(Mode.LEGACY, Percent.ZERO));
  }

  @Test
  void gateInconclusive_atMaxStepDuration_onInconclusiveAdvance_advances() {
    RolloutPlan plan = plan(OnInconclusive.ADVANCE);
    PlanState state = plan.start("orders");
    clock.advance(Duration.ofHours(1));

    PlanMove move = plan.evaluate(state, UNSURE);

    assertThat(move.kind()).isEqualTo(PlanMove.Kind.ADVANCED);
    assertThat(move.state())
        .isEqualTo(
            new PlanState("orders", PlanStatus.RUNNING, 1, T0.plus(Duration.ofHours(1)), null));
    assertThat(move.reason())
        .contains("stayed inconclusive until max-step-duration 1h")
        .endsWith(", on-inconclusive advance: advanced to step 2 of 5 (5%)");
  }

  @Test
  void tooFewRequests_atMaxStepDuration_isInconclusive() {
    RolloutPlan plan = plan(OnInconclusive.PAUSE);
    PlanState state = plan.start("orders");
    clock.advance(Duration.ofHours(1));

    PlanMove move = plan.evaluate(state, errors(12, 0, 900, 0));

    assertThat(move.kind()).isEqualTo(PlanMove.Kind.INCONCLUSIVE);
    assertThat(move.gates()).isEmpty();
    assertThat(move.reason())
        .isEqualTo(
            "step 1 of 5 (1%) had too little evidence when it reached max-step-duration 1h (88"
                + " more modern requests needed (12 of 100)): paused at 1% by on-inconclusive"
                + " until an operator resumes or advances it");
  }

  @Test
  void gateFails_evenBeforeMaxStepDuration_failsAtOnce() {
    RolloutPlan plan = plan(OnInconclusive.PAUSE);
    PlanState state = plan.start("orders");
    clock.advance(STEP);

    assertThat(plan.evaluate(state, errors(1000, 100, 1000, 0)).kind())
        .isEqualTo(PlanMove.Kind.FAILED);
  }

  // completion

  @Test
  void lastStepAtHundred_passes_completesInModernMode() {
    RolloutPlan plan = plan();
    PlanState last = state(PlanStatus.RUNNING, 4);
    assertThat(plan.rollout(last)).isEqualTo(new Rollout(Mode.CANARY, Percent.HUNDRED));

    PlanMove move = judged(plan, last, HEALTHY);

    assertThat(move.kind()).isEqualTo(PlanMove.Kind.COMPLETED);
    assertThat(move.fromStep()).isEqualTo(4);
    assertThat(move.toStep()).isEqualTo(4);
    assertThat(move.rollout()).isEqualTo(new Rollout(Mode.MODERN, Percent.HUNDRED));
    assertThat(move.state()).isEqualTo(new PlanState("orders", PlanStatus.COMPLETED, 4, T0, null));
    assertThat(move.reason())
        .endsWith("): the plan is completed, mode modern at 100%")
        .startsWith("step 5 of 5 (100%) passed every gate (");
  }

  @Test
  void lastStepBelowHundred_passes_completesInCanaryAtItsPercent() {
    RolloutPlan plan = RolloutPlan.of(settings(OnFailure.ROLLBACK, "5", "25"), clock);

    PlanMove move = judged(plan, state(PlanStatus.RUNNING, 1), HEALTHY);

    assertThat(move.kind()).isEqualTo(PlanMove.Kind.COMPLETED);
    assertThat(move.rollout()).isEqualTo(new Rollout(Mode.CANARY, Percent.of("25")));
    assertThat(move.reason()).endsWith("the plan is completed, mode canary at 25%");
  }

  @Test
  void walk_everyStepHealthy_completesWhenTheStartEtaSaid() {
    RolloutPlan plan = plan();
    PlanState state = plan.start("orders");
    Instant eta = plan.eta(state).orElseThrow();
    List<PlanMove.Kind> kinds = new ArrayList<>();

    while (state.status() == PlanStatus.RUNNING) {
      clock.advance(Duration.ofMinutes(1));
      PlanMove move = plan.evaluate(state, HEALTHY);
      if (move.moved()) {
        kinds.add(move.kind());
      }
      state = move.state();
    }

    assertThat(kinds)
        .containsExactly(
            PlanMove.Kind.ADVANCED,
            PlanMove.Kind.ADVANCED,
            PlanMove.Kind.ADVANCED,
            PlanMove.Kind.ADVANCED,
            PlanMove.Kind.COMPLETED);
    assertThat(clock.instant()).isEqualTo(eta).isEqualTo(T0.plus(Duration.ofMinutes(50)));
    assertThat(plan.rollout(state)).isEqualTo(new Rollout(Mode.MODERN, Percent.HUNDRED));
  }

  // pause

  @Test
  void pause_running_pausesAtTheSameStep() {
    RolloutPlan plan = plan();
    PlanState state = state(PlanStatus.RUNNING, 1);
    clock.advance(Duration.ofMinutes(3));

    PlanMove move = plan.pause(state);

    assertThat(move.kind()).isEqualTo(PlanMove.Kind.PAUSED);
    assertThat(move.manual()).isTrue();
    assertThat(move.gates()).isEmpty();
    assertThat(move.figures()).isNull();
    assertThat(move.rollout()).isEqualTo(new Rollout(Mode.CANARY, Percent.of("5")));
    assertThat(move.state())
        .isEqualTo(
            new PlanState("orders", PlanStatus.PAUSED, 1, T0, T0.plus(Duration.ofMinutes(3))));
    assertThat(move.reason()).isEqualTo("paused by an operator at step 2 of 5 (5%)");
    assertThat(plan.eta(move.state())).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = PlanStatus.class,
      names = {"PAUSED", "COMPLETED", "ROLLED_BACK"})
  void pause_notRunning_isRefused(PlanStatus status) {
    assertThatIllegalStateException()
        .isThrownBy(() -> plan().pause(state(status, 1)))
        .withMessage(
            "cannot pause the plan of route orders: it is "
                + status.wireName()
                + ", and only a running plan can be paused");
  }

  // resume

  @Test
  void resume_paused_runsTheSameStepFromNow() {
    RolloutPlan plan = plan();
    PlanState paused = state(PlanStatus.PAUSED, 2);
    clock.advance(Duration.ofHours(1));

    PlanMove move = plan.resume(paused);

    assertThat(move.kind()).isEqualTo(PlanMove.Kind.RESUMED);
    assertThat(move.manual()).isTrue();
    assertThat(move.rollout()).isEqualTo(new Rollout(Mode.CANARY, Percent.of("25")));
    assertThat(move.state())
        .isEqualTo(
            new PlanState("orders", PlanStatus.RUNNING, 2, T0.plus(Duration.ofHours(1)), null));
    assertThat(move.reason()).isEqualTo("resumed by an operator: step 3 of 5 (25%) starts over");
    assertThat(plan.evaluate(move.state(), HEALTHY).reason())
        .isEqualTo("step 3 of 5 (25%) is not judged yet: 10m left");
  }

  @ParameterizedTest
  @EnumSource(
      value = PlanStatus.class,
      names = {"RUNNING", "COMPLETED", "ROLLED_BACK"})
  void resume_notPaused_isRefused(PlanStatus status) {
    assertThatIllegalStateException()
        .isThrownBy(() -> plan().resume(state(status, 1)))
        .withMessage(
            "cannot resume the plan of route orders: it is "
                + status.wireName()
                + ", and only a paused plan can be resumed");
  }

  // advance

  @Test
  void advance_running_forcesTheNextStepWithoutJudging() {
    RolloutPlan plan = plan();
    PlanState state = plan.start("orders");
    clock.advance(Duration.ofSeconds(5));

    PlanMove move = plan.advance(state);

    assertThat(move.kind()).isEqualTo(PlanMove.Kind.ADVANCED);
    assertThat(move.manual()).isTrue();
    assertThat(move.gates()).isEmpty();
    assertThat(move.figures()).isNull();
    assertThat(move.rollout()).isEqualTo(new Rollout(Mode.CANARY, Percent.of("5")));
    assertThat(move.state())
        .isEqualTo(new PlanState("orders", PlanStatus.RUNNING, 1, T0.plusSeconds(5), null));
    assertThat(move.reason())
        .isEqualTo(
            "advanced by an operator from step 1 of 5 (1%) to step 2 of 5 (5%), gates not judged");
  }

  @Test
  void advance_paused_runsTheNextStep() {
    RolloutPlan plan = plan();
    clock.advance(Duration.ofHours(1));

    PlanMove move = plan.advance(state(PlanStatus.PAUSED, 2));

    assertThat(move.kind()).isEqualTo(PlanMove.Kind.ADVANCED);
    assertThat(move.rollout()).isEqualTo(new Rollout(Mode.CANARY, Percent.of("50")));
    assertThat(move.state())
        .isEqualTo(
            new PlanState("orders", PlanStatus.RUNNING, 3, T0.plus(Duration.ofHours(1)), null));
  }

  @ParameterizedTest
  @EnumSource(
      value = PlanStatus.class,
      names = {"RUNNING", "PAUSED"})
  void advance_lastStep_completes(PlanStatus status) {
    RolloutPlan plan = plan();

    PlanMove move = plan.advance(state(status, 4));

    assertThat(move.kind()).isEqualTo(PlanMove.Kind.COMPLETED);
    assertThat(move.manual()).isTrue();
    assertThat(move.rollout()).isEqualTo(new Rollout(Mode.MODERN, Percent.HUNDRED));
    assertThat(move.state()).isEqualTo(new PlanState("orders", PlanStatus.COMPLETED, 4, T0, null));
    assertThat(move.reason())
        .isEqualTo(
            "advanced by an operator past the last step, step 5 of 5 (100%), gates not judged:"
                + " the plan is completed, mode modern at 100%");
  }

  @ParameterizedTest
  @EnumSource(
      value = PlanStatus.class,
      names = {"COMPLETED", "ROLLED_BACK"})
  void advance_finishedPlan_isRefused(PlanStatus status) {
    assertThatIllegalStateException()
        .isThrownBy(() -> plan().advance(state(status, 4)))
        .withMessage(
            "cannot advance the plan of route orders: it is "
                + status.wireName()
                + ", and only a running or paused plan can be advanced;"
                + " start a new plan to walk the steps again");
  }

  // rollout per state

  @Test
  void rollout_followsTheStatus() {
    RolloutPlan plan = plan();

    assertThat(plan.rollout(state(PlanStatus.RUNNING, 2)))
        .isEqualTo(new Rollout(Mode.CANARY, Percent.of("25")));
    assertThat(plan.rollout(state(PlanStatus.PAUSED, 2)))
        .isEqualTo(new Rollout(Mode.CANARY, Percent.of("25")));
    assertThat(plan.rollout(state(PlanStatus.ROLLED_BACK, 2)))
        .isEqualTo(new Rollout(Mode.LEGACY, Percent.ZERO));
    assertThat(plan.rollout(state(PlanStatus.COMPLETED, 4)))
        .isEqualTo(new Rollout(Mode.MODERN, Percent.HUNDRED));
  }

  // ETA

  @Test
  void eta_running_isStepEndPlusOneDurationPerRemainingStep() {
    RolloutPlan plan = plan();
    clock.advance(Duration.ofMinutes(4));

    assertThat(plan.eta(state(PlanStatus.RUNNING, 1)))
        .contains(T0.plus(STEP).plus(STEP.multipliedBy(3)));
  }

  @Test
  void eta_lastStep_isItsEnd() {
    RolloutPlan plan = plan();

    assertThat(plan.eta(state(PlanStatus.RUNNING, 4))).contains(T0.plus(STEP));
  }

  @Test
  void eta_stepOverdueForRequests_countsFromNow() {
    RolloutPlan plan = plan();
    clock.advance(Duration.ofMinutes(25));

    assertThat(plan.eta(state(PlanStatus.RUNNING, 0)))
        .contains(T0.plus(Duration.ofMinutes(25)).plus(STEP.multipliedBy(4)));
  }

  @ParameterizedTest
  @EnumSource(
      value = PlanStatus.class,
      names = {"PAUSED", "COMPLETED", "ROLLED_BACK"})
  void eta_notRunning_isEmpty(PlanStatus status) {
    assertThat(plan().eta(state(status, 1))).isEmpty();
  }

  @Test
  void eta_beyondTheLastInstant_isEmpty() {
    RolloutPlan plan =
        RolloutPlan.of(
            new PlanSettings(
                percents("1", "100"),
                Duration.ofSeconds(Long.MAX_VALUE / 2),
                100,
                1,
                1.5,
                1,
                OnFailure.ROLLBACK),
            clock);

    assertThat(plan.eta(plan.start("orders"))).isEmpty();
  }

  // states of another plan

  @Test
  void stateBeyondThePlansSteps_isRefused() {
    RolloutPlan plan = RolloutPlan.of(settings(OnFailure.ROLLBACK, "5", "25"), clock);
    PlanState state = state(PlanStatus.RUNNING, 2);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> plan.evaluate(state, HEALTHY))
        .withMessage("step: 2 (expected: 0..1, a step of the plan [5, 25])");
    assertThatIllegalArgumentException().isThrownBy(() -> plan.pause(state));
    assertThatIllegalArgumentException().isThrownBy(() -> plan.advance(state));
    assertThatIllegalArgumentException().isThrownBy(() -> plan.eta(state));
  }
}
