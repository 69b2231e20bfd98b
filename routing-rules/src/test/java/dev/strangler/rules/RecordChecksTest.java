package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The checks of the public records' compact constructors, for callers that build them without the
 * parser (the gateway's admin API, tests): each bound refused with the value named, each bound
 * itself accepted.
 */
class RecordChecksTest {

  private static final Duration ONE_SECOND = Duration.ofSeconds(1);
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private static CircuitBreakerSettings breaker(
      int failureRate,
      Duration slowCall,
      int slowCallRate,
      int window,
      int minimum,
      Duration open) {
    return new CircuitBreakerSettings(failureRate, slowCall, slowCallRate, window, minimum, open);
  }

  @Test
  void circuitBreaker_atItsBounds_isAccepted() {
    assertThatCode(
            () ->
                breaker(
                    1, Duration.ofMillis(1), 1, CircuitBreakerSettings.MAX_WINDOW, 1, ONE_SECOND))
        .doesNotThrowAnyException();
    assertThatCode(() -> breaker(100, ONE_SECOND, 100, 10, 10, ONE_SECOND))
        .doesNotThrowAnyException();
  }

  @Test
  void circuitBreaker_pastEachBound_namesTheValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> breaker(0, ONE_SECOND, 100, 100, 20, ONE_SECOND))
        .withMessage("failure-rate: 0 (expected: 1..100)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> breaker(50, Duration.ZERO, 100, 100, 20, ONE_SECOND))
        .withMessage("slow-call-duration: 0s (expected: " + DurationText.EXPECTATION + ")");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> breaker(50, ONE_SECOND, 101, 100, 20, ONE_SECOND))
        .withMessage("slow-call-rate: 101 (expected: 1..100)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> breaker(50, ONE_SECOND, 100, 100_001, 20, ONE_SECOND))
        .withMessage("window: 100001 (expected: 1..100000)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> breaker(50, ONE_SECOND, 100, 10, 11, ONE_SECOND))
        .withMessage("minimum-calls: 11 (expected: 1..10)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> breaker(50, ONE_SECOND, 100, 100, 20, Duration.ofMillis(-1)))
        .withMessage("open-for: PT-0.001S (expected: " + DurationText.EXPECTATION + ")");
  }

  private static PlanSettings plan(
      Duration stepDuration, long minRequests, double errorRate, double latency, double diffRate) {
    return new PlanSettings(
        List.of(Percent.of("5"), Percent.HUNDRED),
        stepDuration,
        minRequests,
        errorRate,
        latency,
        diffRate,
        OnFailure.ROLLBACK);
  }

  @Test
  void planSettings_atItsBounds_isAccepted() {
    assertThatCode(() -> plan(Duration.ofMillis(1), 0, 0, Double.MIN_VALUE, 0))
        .doesNotThrowAnyException();
    assertThatCode(() -> plan(ONE_SECOND, Long.MAX_VALUE, 100, 1e9, 100))
        .doesNotThrowAnyException();
  }

  @Test
  void planSettings_pastEachBound_namesTheValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> plan(Duration.ZERO, 100, 1, 1.5, 1))
        .withMessage("step-duration: 0s (expected: " + DurationText.EXPECTATION + ")");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> plan(ONE_SECOND, -1, 1, 1.5, 1))
        .withMessage("min-requests: -1 (expected: >= 0)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> plan(ONE_SECOND, 100, 100.5, 1.5, 1))
        .withMessage("max-error-rate: 100.5 (expected: 0..100)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> plan(ONE_SECOND, 100, 1, 0, 1))
        .withMessage("max-latency-ratio: 0.0 (expected: a number > 0)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> plan(ONE_SECOND, 100, 1, 1.5, -0.5))
        .withMessage("max-diff-rate: -0.5 (expected: 0..100)");
  }

  private static StepFigures figures(
      long modern,
      long modernFailures,
      long legacy,
      long legacyFailures,
      long compared,
      long breaking) {
    return new StepFigures(
        modern,
        modernFailures,
        legacy,
        legacyFailures,
        LatencySamples.NONE,
        LatencySamples.NONE,
        compared,
        breaking);
  }

  @Test
  void stepFigures_pastEachBound_namesTheValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> figures(10, -1, 0, 0, 0, 0))
        .withMessage("modernFailures: -1 (expected: >= 0)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> figures(0, 0, -1, 0, 0, 0))
        .withMessage("legacyRequests: -1 (expected: >= 0)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> figures(0, 0, 10, -1, 0, 0))
        .withMessage("legacyFailures: -1 (expected: >= 0)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> figures(0, 0, 0, 0, -1, 0))
        .withMessage("comparedPairs: -1 (expected: >= 0)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> figures(0, 0, 0, 0, 10, -1))
        .withMessage("breakingPairs: -1 (expected: >= 0)");
  }

  private static GateResult gate(double actual, double limit, double statistic, long samples) {
    return new GateResult(
        GateResult.ERROR_RATE,
        GateResult.Verdict.PASSED,
        actual,
        limit,
        GateResult.BINOMIAL,
        statistic,
        1,
        0.01,
        samples,
        0);
  }

  @Test
  void gateResult_negativeOrNotFiniteFigures_areRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> gate(-1, 1, 0, 1))
        .withMessage("error-rate.actual: -1.0 (expected: a number >= 0)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> gate(0, -1, 0, 1))
        .withMessage("error-rate.limit: -1.0 (expected: a number >= 0)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> gate(0, 1, Double.NaN, 1))
        .withMessage("error-rate.statistic: NaN (expected: a finite number)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> gate(0, 1, 0, -1))
        .withMessage("error-rate.modernSamples: -1 (expected: >= 0)");
  }

  @Test
  void gateResult_pValuesAtTheirEnds_areAccepted() {
    assertThatCode(
            () ->
                new GateResult(
                    GateResult.LATENCY_RATIO,
                    GateResult.Verdict.FAILED,
                    2,
                    1.5,
                    GateResult.MANN_WHITNEY,
                    90_000,
                    0,
                    1,
                    300,
                    300))
        .doesNotThrowAnyException();
  }

  @Test
  void shadowPolicy_timeoutNotPositive_isRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new ShadowPolicy(
                    Percent.HUNDRED,
                    Set.of("GET"),
                    Duration.ZERO,
                    null,
                    CompareSettings.defaults(),
                    List.of(),
                    false))
        .withMessage("timeout: 0s (expected: " + DurationText.EXPECTATION + ")");
  }

  @Test
  void compareSettings_negativeTolerance_isRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new CompareSettings(List.of(), List.of(), false, -0.5))
        .withMessage("numeric-tolerance: -0.5 (expected: a number >= 0)");
  }

  @Test
  void compareSettings_keepsItsJsonPaths() {
    CompareSettings settings = new CompareSettings(List.of(), List.of("$.a", "$..b"), false, 0);

    org.assertj.core.api.Assertions.assertThat(settings.ignoreFields())
        .containsExactly("$.a", "$..b");
  }

  @Test
  void planMove_negativeFromStep_isRefused() {
    PlanState state = new PlanState("orders", PlanStatus.RUNNING, 0, T0, null);

    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new PlanMove(
                    PlanMove.Kind.ADVANCED,
                    true,
                    -1,
                    Percent.of("1"),
                    0,
                    Percent.of("5"),
                    new Rollout(Mode.CANARY, Percent.of("5")),
                    List.of(),
                    null,
                    "advanced",
                    T0,
                    state))
        .withMessage("fromStep: -1 (expected: >= 0)");
  }
}
