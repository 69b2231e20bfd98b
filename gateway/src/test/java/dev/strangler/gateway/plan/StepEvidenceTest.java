package dev.strangler.gateway.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.rules.GateResult;
import dev.strangler.rules.LatencySamples;
import dev.strangler.rules.OnFailure;
import dev.strangler.rules.Percent;
import dev.strangler.rules.PlanMove;
import dev.strangler.rules.PlanSettings;
import dev.strangler.rules.PlanState;
import dev.strangler.rules.PlanStatus;
import dev.strangler.rules.RolloutPlan;
import dev.strangler.rules.StepFigures;
import dev.strangler.rules.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What one replica records of a plan step: counts per side, failures and fallbacks, and latencies
 * after the warm-up only.
 */
class StepEvidenceTest {

  private static final long SECOND = 1_000_000_000L;

  private static final long MILLI = 1_000_000L;

  /** Step starts at nanoTime 0; its warm-up ends 30 s later. */
  private static StepEvidence step() {
    return new StepEvidence(
        "0@2025-03-03T09:00:00Z",
        Percent.of("10"),
        30 * SECOND,
        1000,
        0,
        0,
        new SplittableRandom(3));
  }

  private static StepFigures figures(EvidenceSnapshot snapshot) {
    PlanFigures.StepWindow window = new PlanFigures.StepWindow(snapshot.step());
    window.observe("replica-a", snapshot);
    return window.figures();
  }

  @Test
  void requests_countedPerSide_fallbacksAsModernFailuresWithoutALatency() {
    StepEvidence step = step();
    step.record(Target.MODERN, Target.MODERN, false, 20 * MILLI, 40 * SECOND);
    step.record(Target.MODERN, Target.MODERN, true, 20 * MILLI, 40 * SECOND);
    step.record(Target.MODERN, Target.LEGACY, false, 900 * MILLI, 40 * SECOND);
    step.record(Target.LEGACY, Target.LEGACY, false, 10 * MILLI, 40 * SECOND);
    step.record(Target.LEGACY, Target.LEGACY, true, 10 * MILLI, 40 * SECOND);

    EvidenceSnapshot snapshot = step.snapshot(0, 0);

    assertThat(snapshot.modernRequests()).isEqualTo(3);
    assertThat(snapshot.modernFailures()).isEqualTo(2);
    assertThat(snapshot.legacyRequests()).isEqualTo(2);
    assertThat(snapshot.legacyFailures()).isEqualTo(1);
    assertThat(snapshot.modernMicros()).containsExactlyInAnyOrder(20_000, 20_000);
    assertThat(snapshot.legacyMicros()).containsExactlyInAnyOrder(10_000, 10_000);
  }

  @Test
  void latenciesDuringTheWarmUp_areLeftOut_butTheRequestsCount() {
    StepEvidence step = step();
    step.record(Target.MODERN, Target.MODERN, false, 450 * MILLI, 29 * SECOND);
    step.record(Target.MODERN, Target.MODERN, false, 20 * MILLI, 30 * SECOND);

    EvidenceSnapshot snapshot = step.snapshot(0, 0);

    assertThat(snapshot.modernRequests()).isEqualTo(2);
    assertThat(snapshot.modernOffered()).isEqualTo(1);
    assertThat(snapshot.modernMicros()).containsExactly(20_000);
  }

  @Test
  void fiveSlowCallsOutOfAHundredAtStepStart_doNotFailTheStepWithWarmUp() {
    StepEvidence step = step();
    SplittableRandom latencies = new SplittableRandom(11);
    // the first 5 modern calls of the step are slow (a cold modern), within the warm-up
    for (int i = 0; i < 5; i++) {
      step.record(Target.MODERN, Target.MODERN, false, 450 * MILLI, i * SECOND);
    }
    for (int i = 0; i < 95; i++) {
      step.record(
          Target.MODERN, Target.MODERN, false, (60 + latencies.nextInt(40)) * MILLI, 31 * SECOND);
    }
    for (int i = 0; i < 100; i++) {
      step.record(
          Target.LEGACY, Target.LEGACY, false, (60 + latencies.nextInt(40)) * MILLI, i * SECOND);
    }
    StepFigures figures = figures(step.snapshot(0, 0));
    Instant start = Instant.parse("2025-03-03T09:00:00Z");
    RolloutPlan plan =
        RolloutPlan.of(
            new PlanSettings(
                List.of(Percent.of("5"), Percent.HUNDRED),
                Duration.ofMinutes(10),
                100,
                5,
                1.5,
                1,
                OnFailure.ROLLBACK),
            Clock.fixed(start.plus(Duration.ofMinutes(10)), ZoneOffset.UTC));

    PlanMove move =
        plan.evaluate(new PlanState("orders", PlanStatus.RUNNING, 0, start, null), figures);
    GateResult latency =
        move.gates().stream()
            .filter(gate -> gate.gate().equals(GateResult.LATENCY_RATIO))
            .findFirst()
            .orElseThrow();

    assertThat(figures.modernRequests()).isEqualTo(100);
    assertThat(figures.modernLatency().size()).isEqualTo(95);
    assertThat(figures.modernP99Millis()).isLessThan(100);
    assertThat(latency.verdict()).isNotEqualTo(GateResult.Verdict.FAILED);
    assertThat(move.kind()).isNotEqualTo(PlanMove.Kind.FAILED);
  }

  @Test
  void diffCounts_areThoseSinceTheStepBegan_aResetReportCountsFromZero() {
    StepEvidence step =
        new StepEvidence(
            "1@2025-03-03T09:00:00Z", Percent.of("10"), 0, 10, 500, 20, new SplittableRandom(1));

    assertThat(step.snapshot(540, 21).comparedPairs()).isEqualTo(40);
    assertThat(step.snapshot(540, 21).breakingPairs()).isEqualTo(1);
    assertThat(step.snapshot(30, 2).comparedPairs()).as("report reset").isEqualTo(30);
    assertThat(step.snapshot(30, 2).breakingPairs()).isEqualTo(2);
  }

  @Test
  void latencySamples_areMilliseconds_drawnFromTheOfferedCount() {
    StepEvidence step =
        new StepEvidence(
            "0@2025-03-03T09:00:00Z", Percent.of("10"), 0, 10, 0, 0, new SplittableRandom(5));
    for (int i = 0; i < 50; i++) {
      step.record(Target.LEGACY, Target.LEGACY, false, 2500 * 1000L, SECOND);
    }

    LatencySamples legacy = figures(step.snapshot(0, 0)).legacyLatency();

    assertThat(legacy.size()).isEqualTo(10);
    assertThat(legacy.population()).isEqualTo(50);
    assertThat(legacy.millis()).containsOnly(2.5);
  }
}
