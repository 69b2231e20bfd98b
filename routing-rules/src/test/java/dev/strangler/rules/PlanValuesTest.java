package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;

class PlanValuesTest {

  private static final Instant T0 = Instant.parse("2025-03-03T09:00:00.123456789Z");

  // PlanState

  @ParameterizedTest
  @EnumSource(PlanStatus.class)
  void planState_copiedFromItsComponents_isEqual(PlanStatus status) {
    PlanState state =
        new PlanState(
            "orders", status, 3, T0, status == PlanStatus.PAUSED ? T0.plusSeconds(90) : null);

    PlanState copy =
        new PlanState(
            state.routeId(), state.status(), state.step(), state.stepStartedAt(), state.pausedAt());

    assertThat(copy).isEqualTo(state).hasSameHashCodeAs(state).hasToString(state.toString());
  }

  @ParameterizedTest
  @EnumSource(PlanStatus.class)
  void planState_jsonRoundTrip_isEqual(PlanStatus status) {
    JsonMapper json = JsonMapper.shared();
    PlanState state =
        new PlanState(
            "orders", status, 3, T0, status == PlanStatus.PAUSED ? T0.plusSeconds(90) : null);

    String text = json.writeValueAsString(state);
    PlanState read = json.readValue(text, PlanState.class);

    assertThat(read).isEqualTo(state);
    assertThat(text).doesNotContain("percent");
  }

  @Test
  void planState_pausedWithoutPausedAt_isRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new PlanState("orders", PlanStatus.PAUSED, 0, T0, null))
        .withMessage("pausedAt: null (expected: when the plan was paused, as it is paused)");
  }

  @ParameterizedTest
  @EnumSource(
      value = PlanStatus.class,
      names = {"RUNNING", "COMPLETED", "ROLLED_BACK"})
  void planState_pausedAtWhenNotPaused_isRefused(PlanStatus status) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new PlanState("orders", status, 0, T0, T0))
        .withMessage(
            "pausedAt: " + T0 + " (expected: null, as the plan is " + status.wireName() + ")");
  }

  @Test
  void planState_negativeStep_isRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new PlanState("orders", PlanStatus.RUNNING, -1, T0, null))
        .withMessage("step: -1 (expected: >= 0)");
  }

  @Test
  void planState_percent_isTheStepsPercent() {
    PlanSettings settings = PlanSettings.of(List.of(Percent.of("5"), Percent.of("12.5")));

    assertThat(new PlanState("orders", PlanStatus.RUNNING, 1, T0, null).percent(settings))
        .isEqualTo(Percent.of("12.5"));
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> new PlanState("orders", PlanStatus.RUNNING, 2, T0, null).percent(settings))
        .withMessage("step: 2 (expected: 0..1, a step of the plan [5, 12.5])");
  }

  // StepFigures

  private static StepFigures figures(
      long modern, long modernFailures, long compared, long breaking) {
    return new StepFigures(
        modern, modernFailures, 0, 0, LatencySamples.NONE, LatencySamples.NONE, compared, breaking);
  }

  @Test
  void stepFigures_moreFailuresThanRequests_isRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> figures(10, 11, 0, 0))
        .withMessage("modernFailures: 11 (expected: at most modernRequests, 10)");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> new StepFigures(0, 0, 5, 6, LatencySamples.NONE, LatencySamples.NONE, 0, 0))
        .withMessage("legacyFailures: 6 (expected: at most legacyRequests, 5)");
  }

  @Test
  void stepFigures_moreBreakingThanCompared_isRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> figures(0, 0, 3, 4))
        .withMessage("breakingPairs: 4 (expected: at most comparedPairs, 3)");
  }

  @Test
  void stepFigures_negative_isRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> figures(-1, 0, 0, 0))
        .withMessage("modernRequests: -1 (expected: >= 0)");
  }

  @Test
  void latencySamples_negativeOrNotFinite_isRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LatencySamples.of(1, Double.NaN))
        .withMessage("latency: NaN (expected: a number >= 0)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LatencySamples.of(-1))
        .withMessage("latency: -1.0 (expected: a number >= 0)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LatencySamples.of(new double[] {1, 2}, 1))
        .withMessage("population: 1 (expected: at least the number of samples, 2)");
  }

  @Test
  void latencySamples_p99_isTheNearestRank() {
    double[] millis = new double[200];
    for (int i = 0; i < millis.length; i++) {
      millis[i] = 200 - i;
    }
    LatencySamples samples = LatencySamples.of(millis, 5000);

    assertThat(samples.percentile(0.99)).isEqualTo(198);
    assertThat(samples.percentile(1)).isEqualTo(200);
    assertThat(samples.percentile(0.5)).isEqualTo(100);
    assertThat(samples.population()).isEqualTo(5000);
    assertThat(samples.millis()).startsWith(1, 2, 3);
    assertThat(LatencySamples.NONE.percentile(0.99)).isZero();
  }

  // GateResult

  @Test
  void gateResult_pValueOutOfRange_isRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new GateResult(
                    GateResult.ERROR_RATE,
                    GateResult.Verdict.PASSED,
                    0.5,
                    1,
                    GateResult.BINOMIAL,
                    0,
                    1.5,
                    0.01,
                    100,
                    0))
        .withMessage("error-rate.pWorse: 1.5 (expected: 0..1)");
  }

  @Test
  void gateResult_notApplicable_passesWithoutATest() {
    GateResult notApplicable =
        new GateResult(
            GateResult.DIFF_RATE,
            GateResult.Verdict.NOT_APPLICABLE,
            0,
            1,
            GateResult.NONE,
            0,
            1,
            1,
            0,
            0);

    assertThat(notApplicable.passed()).isTrue();
    assertThat(notApplicable.applicable()).isFalse();
    assertThat(notApplicable.failed()).isFalse();
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new GateResult(
                    GateResult.DIFF_RATE,
                    GateResult.Verdict.NOT_APPLICABLE,
                    0,
                    1,
                    GateResult.BINOMIAL,
                    0,
                    1,
                    1,
                    0,
                    0))
        .withMessage(
            "diff-rate.test: binomial (expected: none exactly when the gate is not applicable)");
  }

  @Test
  void gateResult_inconclusive_neitherPassesNorFails() {
    GateResult inconclusive =
        new GateResult(
            GateResult.LATENCY_RATIO,
            GateResult.Verdict.INCONCLUSIVE,
            1.2,
            1.5,
            GateResult.MANN_WHITNEY,
            40,
            0.3,
            0.7,
            12,
            11);

    assertThat(inconclusive.passed()).isFalse();
    assertThat(inconclusive.failed()).isFalse();
    assertThat(inconclusive.applicable()).isTrue();
  }

  @Test
  void gateResult_unknownGateOrTest_isRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new GateResult(
                    "cpu", GateResult.Verdict.PASSED, 0, 1, GateResult.BINOMIAL, 0, 1, 0, 1, 0))
        .withMessage("gate: cpu (expected: one of error-rate, latency-ratio, diff-rate)");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new GateResult(
                    GateResult.ERROR_RATE,
                    GateResult.Verdict.PASSED,
                    0,
                    1,
                    "t-test",
                    0,
                    1,
                    0,
                    1,
                    0))
        .withMessage(
            "error-rate.test: t-test (expected: one of binomial, two-proportion-z,"
                + " mann-whitney-u, none)");
  }

  // PlanMove

  @Test
  void planMove_toStepOtherThanTheStates_isRefused() {
    PlanState state = new PlanState("orders", PlanStatus.RUNNING, 1, T0, null);

    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new PlanMove(
                    PlanMove.Kind.ADVANCED,
                    true,
                    0,
                    Percent.of("1"),
                    2,
                    Percent.of("5"),
                    new Rollout(Mode.CANARY, Percent.of("5")),
                    List.of(),
                    null,
                    "advanced",
                    T0,
                    state))
        .withMessage("toStep: 2 (expected: the step of the new state, 1)");
  }

  @Test
  void planMove_moved_isFalseOnlyWhenHeld() {
    for (PlanMove.Kind kind : PlanMove.Kind.values()) {
      PlanState state = new PlanState("orders", PlanStatus.RUNNING, 0, T0, null);
      PlanMove move =
          new PlanMove(
              kind,
              false,
              0,
              Percent.of("1"),
              0,
              Percent.of("1"),
              new Rollout(Mode.CANARY, Percent.of("1")),
              List.of(),
              StepFigures.NONE,
              "why",
              T0,
              state);

      assertThat(move.moved()).isEqualTo(kind != PlanMove.Kind.HELD);
    }
  }
}
