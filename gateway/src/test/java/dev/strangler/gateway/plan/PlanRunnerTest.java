package dev.strangler.gateway.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.gateway.metrics.Outcome;
import dev.strangler.gateway.metrics.PlanMetrics;
import dev.strangler.gateway.route.LiveRouter;
import dev.strangler.gateway.state.AuditEntry;
import dev.strangler.gateway.state.PlanLease;
import dev.strangler.gateway.state.SharedFigures;
import dev.strangler.gateway.state.StateStore;
import dev.strangler.gateway.support.SpringPathPatterns;
import dev.strangler.gateway.support.TestClock;
import dev.strangler.rules.Mode;
import dev.strangler.rules.Percent;
import dev.strangler.rules.Rollout;
import dev.strangler.rules.RulesFile;
import dev.strangler.rules.RulesParser;
import dev.strangler.rules.Target;
import dev.strangler.shadow.DiffReport;
import dev.strangler.shadow.DiffReports;
import dev.strangler.shadow.NoiseThresholds;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The plan runner over a real router, state store and meters, judged by hand with a test clock. */
class PlanRunnerTest {

  static final RulesParser PARSER = RulesParser.of(new SpringPathPatterns());

  static final Duration STEP = Duration.ofMinutes(10);

  final TestClock clock = TestClock.at(Instant.parse("2026-03-02T10:00:00Z"));

  final AtomicLong nanoTime = new AtomicLong(1_000_000_000L);

  final DiffReports reports =
      DiffReports.of(
          id -> DiffReport.create(id, NoiseThresholds.defaults(), List.of(), 10, 1, clock));

  StateStore store;

  LiveRouter router;

  PlanEvidence evidence;

  PlanRunner runner;

  static RulesFile rules(String steps, String onFailure) {
    return rules(steps, onFailure, "legacy");
  }

  static RulesFile rules(String steps, String onFailure, String plainMode) {
    return PARSER.parse(
        """
        legacy: http://legacy:8080
        routes:
          - id: checkout
            paths: [/checkout/**]
            modern: http://modern:8080
            mode: canary
            plan: {steps: [%s], step-duration: 10m, min-requests: 3, max-error-rate: 5, on-failure: %s}
          - id: plain
            paths: [/plain/**]
            modern: http://modern:8080
            mode: %s
        """
            .formatted(steps, onFailure, plainMode));
  }

  @BeforeEach
  void setUp(@TempDir Path dir) {
    store = StateStore.file(dir.resolve("state.json"), 100);
    router =
        new LiveRouter(
            rules("1, 5, 100", "rollback"),
            store,
            clock,
            new SpringPathPatterns(),
            RandomGenerator.getDefault(),
            null);
    JsonMapper json = JsonMapper.builder().build();
    evidence =
        new PlanEvidence(
            router, store, reports, json, clock, nanoTime::get, new SplittableRandom(1), 100);
    runner =
        new PlanRunner(
            router,
            store,
            PlanLease.alone(),
            new PlanFigures(evidence, SharedFigures.alone("test", clock.instant()), json),
            evidence,
            new PlanMetrics(new SimpleMeterRegistry()),
            json,
            clock,
            STEP);
  }

  Rollout checkout() {
    return router.current().rollout("checkout");
  }

  PlanProgress progress() {
    return runner.status("checkout").orElseThrow();
  }

  AuditEntry lastAudit() {
    return store.audit(1).get(0);
  }

  void modernAnswers(Outcome outcome, int requests) {
    for (int i = 0; i < requests; i++) {
      evidence.record(
          "checkout",
          Target.MODERN,
          Target.MODERN,
          outcome == Outcome.SERVER_ERROR,
          2_000_000,
          nanoTime.get());
    }
  }

  /**
   * Starts the plan and lets the runner take its first look at the step: a step's figures count
   * from the runner's first look at it.
   */
  void startPlan() {
    runner.evaluateAll();
    runner.evaluateAll();
  }

  void legacyAnsweredForModern(int requests) {
    for (int i = 0; i < requests; i++) {
      evidence.record("checkout", Target.MODERN, Target.LEGACY, false, 2_000_000, nanoTime.get());
    }
  }

  @Test
  void evaluateAll_routeWithAPlan_startsItAtItsFirstStep() {
    assertThat(runner.status("checkout")).isEmpty();

    runner.evaluateAll();

    assertThat(checkout()).isEqualTo(new Rollout(Mode.CANARY, Percent.of("1")));
    assertThat(progress().step()).isEqualTo(1);
    assertThat(progress().percent()).isEqualByComparingTo(BigDecimal.ONE);
    assertThat(progress().status()).isEqualTo("running");
    assertThat(lastAudit().who()).isEqualTo(AuditEntry.PLAN);
    assertThat(lastAudit().action()).isEqualTo("plan-step");
    assertThat(lastAudit().reason()).isEqualTo("plan started at step 1 of 3: 1%");
    assertThat(runner.status("plain")).isEmpty();
  }

  @Test
  void evaluateAll_holdsUntilTheStepHasLastedAndSeenEnoughCalls_withoutAuditingTheHolds() {
    startPlan();
    int entries = store.audit(100).size();
    modernAnswers(Outcome.SUCCESS, 10);
    clock.advance(STEP.minusSeconds(1));

    runner.evaluateAll();
    assertThat(progress().step()).isEqualTo(1);

    modernAnswers(Outcome.SUCCESS, 2);
    clock.advance(Duration.ofSeconds(1));
    runner.evaluateAll();
    assertThat(progress().step()).isEqualTo(2);

    runner.evaluateAll();
    clock.advance(STEP);
    modernAnswers(Outcome.SUCCESS, 2);
    runner.evaluateAll();
    assertThat(progress().step()).isEqualTo(2);
    assertThat(store.audit(100)).hasSize(entries + 1);
  }

  @Test
  void evaluateAll_stepLastedWithHealthyModernCalls_advances_withTheFiguresInTheAudit() {
    startPlan();
    modernAnswers(Outcome.SUCCESS, 3);
    clock.advance(STEP);

    runner.evaluateAll();

    assertThat(progress().step()).isEqualTo(2);
    assertThat(checkout().percent().toString()).isEqualTo("5");
    assertThat(lastAudit().action()).isEqualTo("plan-step");
    assertThat(lastAudit().figures())
        .containsEntry("modern-requests", 3.0)
        .containsEntry("modern-failures", 0.0)
        .containsKey("error-rate")
        .containsKey("error-rate-limit");
  }

  @Test
  void evaluateAll_lastStepPassed_completesThePlanOnModern() {
    startPlan();
    for (int step = 0; step < 3; step++) {
      modernAnswers(Outcome.SUCCESS, 3);
      clock.advance(STEP);
      runner.evaluateAll();
      runner.evaluateAll();
    }

    assertThat(progress().status()).isEqualTo("completed");
    assertThat(checkout().mode()).isEqualTo(Mode.MODERN);
  }

  @Test
  void evaluateAll_errorGateFailsUnderRollback_rollsTheRouteBack() {
    startPlan();
    modernAnswers(Outcome.SERVER_ERROR, 3);
    clock.advance(STEP);

    runner.evaluateAll();

    assertThat(checkout()).isEqualTo(new Rollout(Mode.LEGACY, Percent.ZERO));
    assertThat(progress().status()).isEqualTo("rolled-back");
    assertThat(lastAudit().action()).isEqualTo("plan-rollback");
    assertThat(lastAudit().figures()).containsEntry("modern-failures", 3.0);
  }

  @Test
  void evaluateAll_errorGateFailsUnderPause_pausesAtItsStep_andKeepsItsRollout() {
    router.applyRules(rules("1, 5, 100", "pause"));
    startPlan();
    legacyAnsweredForModern(3);
    clock.advance(STEP);

    runner.evaluateAll();

    assertThat(progress().status()).isEqualTo("paused");
    assertThat(checkout().percent().toString()).isEqualTo("1");
    assertThat(lastAudit().action()).isEqualTo("plan-pause");
  }

  @Test
  void steering_pauseResumeAdvance_moveThePlan_auditedWithWhoAndWhy() {
    runner.evaluateAll();

    PlanProgress paused = runner.pause("checkout", "ops", "hold on");
    assertThat(paused.status()).isEqualTo("paused");
    assertThat(lastAudit().who()).isEqualTo("ops");
    assertThat(lastAudit().action()).isEqualTo("plan-pause");
    assertThat(lastAudit().reason()).startsWith("hold on (");
    assertThatThrownBy(() -> runner.pause("checkout", "ops", "again"))
        .isInstanceOf(IllegalStateException.class);

    assertThat(runner.resume("checkout", "ops", "go on").status()).isEqualTo("running");
    assertThat(lastAudit().action()).isEqualTo("plan-resume");

    PlanProgress advanced = runner.advance("checkout", "ops", "looks fine");
    assertThat(advanced.step()).isEqualTo(2);
    assertThat(checkout().percent().toString()).isEqualTo("5");
    assertThat(lastAudit().action()).isEqualTo("plan-advance");

    runner.advance("checkout", "ops", "all in");
    assertThat(runner.advance("checkout", "ops", "done").status()).isEqualTo("completed");
    assertThat(checkout().mode()).isEqualTo(Mode.MODERN);
    assertThatThrownBy(() -> runner.advance("checkout", "ops", "past the end"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void steering_aPlanNotStarted_aRouteWithoutPlan_orNoRoute_isAConflict() {
    assertThatThrownBy(() -> runner.pause("checkout", "ops", "early"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has not started yet");
    assertThatThrownBy(() -> runner.advance("plain", "ops", "no plan"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("route plain has no plan");
    assertThatThrownBy(() -> runner.resume("nope", "ops", "no route"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("route nope is not in the rules");
  }

  @Test
  void editingThePlanInTheRulesFile_restartsItAtItsFirstStep() {
    runner.evaluateAll();
    runner.advance("checkout", "ops", "faster");
    assertThat(checkout().percent().toString()).isEqualTo("5");

    router.applyRules(rules("2, 10, 100", "rollback"));
    runner.evaluateAll();

    assertThat(progress().step()).isEqualTo(1);
    assertThat(progress().percent()).isEqualByComparingTo(new BigDecimal("2"));
    assertThat(checkout().percent().toString()).isEqualTo("2");
  }

  @Test
  void editingAnotherRoute_keepsThePlanWhereItIs() {
    runner.evaluateAll();
    runner.advance("checkout", "ops", "faster");

    router.applyRules(rules("1, 5, 100", "rollback", "shadow"));
    runner.evaluateAll();

    assertThat(progress().step()).isEqualTo(2);
  }
}
