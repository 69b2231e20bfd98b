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

  @Test
  void stepFigures_moreFailuresThanRequests_isRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new StepFigures(10, 11, 0, 0, 0, 0))
        .withMessage("modernFailures: 11 (expected: at most modernRequests, 10)");
  }

  @Test
  void stepFigures_moreBreakingThanCompared_isRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new StepFigures(0, 0, 0, 0, 3, 4))
        .withMessage("breakingPairs: 4 (expected: at most comparedPairs, 3)");
  }

  @Test
  void stepFigures_negativeOrNotFinite_isRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new StepFigures(-1, 0, 0, 0, 0, 0))
        .withMessage("modernRequests: -1 (expected: >= 0)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new StepFigures(0, 0, Double.NaN, 0, 0, 0))
        .withMessage("modernP99Millis: NaN (expected: a number >= 0)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new StepFigures(0, 0, 0, Double.POSITIVE_INFINITY, 0, 0))
        .withMessage("legacyP99Millis: Infinity (expected: a number >= 0)");
  }

  // GateResult

  @Test
  void gateResult_passedContradictingTheFigures_isRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new GateResult(GateResult.ERROR_RATE, 2, 1, true, true))
        .withMessage("error-rate.passed: true (expected: false, actual <= limit)");
  }

  @Test
  void gateResult_notApplicable_passesWithoutAFigure() {
    assertThat(new GateResult(GateResult.DIFF_RATE, 0, 1, true, false).passed()).isTrue();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new GateResult(GateResult.DIFF_RATE, 0, 1, false, false));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new GateResult(GateResult.DIFF_RATE, 0.5, 1, true, false));
  }

  @Test
  void gateResult_unknownGate_isRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new GateResult("cpu", 0, 1, true, true))
        .withMessage("gate: cpu (expected: one of error-rate, latency-ratio, diff-rate)");
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
