package dev.strangler.gateway.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.strangler.gateway.metrics.Outcome;
import dev.strangler.gateway.metrics.PlanMetrics;
import dev.strangler.gateway.route.LiveRouter;
import dev.strangler.gateway.state.AuditEntry;
import dev.strangler.gateway.state.AuditGate;
import dev.strangler.gateway.state.PlanLease;
import dev.strangler.gateway.state.SharedFigures;
import dev.strangler.gateway.state.StateStore;
import dev.strangler.gateway.support.SpringPathPatterns;
import dev.strangler.gateway.support.TestClock;
import dev.strangler.rules.Mode;
import dev.strangler.rules.Percent;
import dev.strangler.rules.PlanSettings;
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

  /** Lets time pass on the clock and on the nano time the evidence measures the warm-up with. */
  void pass(Duration duration) {
    clock.advance(duration);
    nanoTime.addAndGet(duration.toNanos());
  }

  /** The canary percent the router has in force: the one that decides the requests of a step. */
  Percent inForce() {
    return router.current().rollout("checkout").percent();
  }

  void modernAnswers(Outcome outcome, int requests) {
    modernAnswers(outcome, requests, 2);
  }

  void modernAnswers(Outcome outcome, int requests, long millis) {
    for (int i = 0; i < requests; i++) {
      evidence.record(
          "checkout",
          inForce(),
          Target.MODERN,
          Target.MODERN,
          outcome == Outcome.SERVER_ERROR,
          millis * 1_000_000,
          nanoTime.get());
    }
  }

  void legacyAnswers(int requests, long millis) {
    for (int i = 0; i < requests; i++) {
      evidence.record(
          "checkout",
          inForce(),
          Target.LEGACY,
          Target.LEGACY,
          false,
          millis * 1_000_000,
          nanoTime.get());
    }
  }

  /**
   * A healthy step as the percent splits it: after the warm-up, both sides answer without failing
   * in the same time, enough calls on each side for the gates to tell that modern is within its
   * limits (no failure in 100 calls against a 5 % limit: the binomial test's p is 0.95^100, about
   * 0.006).
   */
  void healthyStep() {
    pass(PlanSettings.DEFAULT_WARM_UP);
    modernAnswers(Outcome.SUCCESS, 100);
    legacyAnswers(100, 2);
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
      evidence.record(
          "checkout", inForce(), Target.MODERN, Target.LEGACY, false, 2_000_000, nanoTime.get());
    }
  }

  AuditGate gate(AuditEntry entry, String name) {
    return entry.gates().stream()
        .filter(gate -> gate.gate().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no gate " + name + " in " + entry));
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
  void evaluateAll_holdsUntilTheStepHasLastedSeenEnoughCallsAndShownModernWithinItsLimits() {
    startPlan();
    int entries = store.audit(100).size();
    healthyStep();
    pass(STEP.minus(PlanSettings.DEFAULT_WARM_UP).minusSeconds(1));

    runner.evaluateAll();
    assertThat(progress().step()).as("a second short of its duration").isEqualTo(1);

    pass(Duration.ofSeconds(1));
    runner.evaluateAll();
    assertThat(progress().step()).isEqualTo(2);

    runner.evaluateAll();
    pass(STEP);
    modernAnswers(Outcome.SUCCESS, 2);
    runner.evaluateAll();
    assertThat(progress().step()).as("2 modern calls of the 3 min-requests").isEqualTo(2);

    modernAnswers(Outcome.SUCCESS, 8);
    legacyAnswers(10, 2);
    runner.evaluateAll();
    assertThat(progress().step())
        .as("10 healthy calls do not show a 5 %% limit kept: the step is extended")
        .isEqualTo(2);
    assertThat(progress().status()).isEqualTo("running");
    assertThat(store.audit(100)).as("holds are not audited").hasSize(entries + 1);
  }

  @Test
  void evaluateAll_stepLastedWithHealthyCallsOnBothSides_advances_withTheTestsInTheAudit() {
    startPlan();
    healthyStep();
    pass(STEP);

    runner.evaluateAll();

    assertThat(progress().step()).isEqualTo(2);
    assertThat(checkout().percent().toString()).isEqualTo("5");
    AuditEntry entry = lastAudit();
    assertThat(entry.action()).isEqualTo("plan-step");
    assertThat(entry.figures())
        .containsEntry("modern-requests", 100.0)
        .containsEntry("modern-failures", 0.0)
        .containsEntry("legacy-requests", 100.0)
        .containsEntry("error-rate", 0.0)
        .containsEntry("error-rate-limit", 5.0);
    AuditGate errors = gate(entry, "error-rate");
    assertThat(errors.verdict()).isEqualTo("passed");
    assertThat(errors.test()).isEqualTo("two-proportion-z");
    assertThat(errors.statistic()).as("z: neither side failed").isZero();
    assertThat(errors.pWithin())
        .as("twice the binomial p of no failure in 100 calls at 5 %%")
        .isCloseTo(2 * Math.pow(0.95, 100), within(1e-9));
    assertThat(errors.modernSamples()).isEqualTo(100);
    assertThat(errors.legacySamples()).isEqualTo(100);
    assertThat(errors.limit()).isEqualTo(5);
    AuditGate latency = gate(entry, "latency-ratio");
    assertThat(latency.verdict())
        .as("equal times are well within 1.5 x legacy's")
        .isEqualTo("passed");
    assertThat(latency.test()).isEqualTo("mann-whitney-u");
    assertThat(latency.statistic()).as("U: modern never slower than 1.5 x legacy").isZero();
    assertThat(latency.pWithin()).isLessThan(0.05);
    assertThat(latency.modernSamples()).isEqualTo(100);
    assertThat(latency.legacySamples()).isEqualTo(100);
    assertThat(latency.limit()).isEqualTo(1.5);
    assertThat(gate(entry, "diff-rate").verdict()).isEqualTo("not-applicable");
  }

  @Test
  void evaluateAll_lastStepPassed_completesThePlanOnModern() {
    startPlan();
    for (int step = 0; step < 2; step++) {
      healthyStep();
      pass(STEP);
      runner.evaluateAll();
      runner.evaluateAll();
    }
    assertThat(checkout().percent().toString()).isEqualTo("100");

    // at 100 % legacy gets no call: modern's error rate is tested against the limit alone
    pass(PlanSettings.DEFAULT_WARM_UP);
    modernAnswers(Outcome.SUCCESS, 100);
    pass(STEP);
    runner.evaluateAll();

    assertThat(progress().status()).isEqualTo("completed");
    assertThat(checkout().mode()).isEqualTo(Mode.MODERN);
    assertThat(gate(lastAudit(), "error-rate").test()).isEqualTo("binomial");
    assertThat(gate(lastAudit(), "latency-ratio").verdict()).isEqualTo("not-applicable");
  }

  @Test
  void evaluateAll_modernTwiceAsSlowAsLegacy_failsTheLatencyGate_withTheTestInTheAudit() {
    startPlan();
    pass(PlanSettings.DEFAULT_WARM_UP);
    modernAnswers(Outcome.SUCCESS, 150, 200);
    modernAnswers(Outcome.SUCCESS, 150, 240);
    legacyAnswers(150, 100);
    legacyAnswers(150, 120);
    pass(STEP);

    runner.evaluateAll();

    assertThat(checkout()).isEqualTo(new Rollout(Mode.LEGACY, Percent.ZERO));
    AuditEntry entry = lastAudit();
    assertThat(entry.action()).isEqualTo("plan-rollback");
    AuditGate latency = gate(entry, "latency-ratio");
    assertThat(latency.verdict()).isEqualTo("failed");
    assertThat(latency.test()).isEqualTo("mann-whitney-u");
    assertThat(latency.pWorse()).isLessThan(0.05);
    assertThat(latency.modernSamples())
        .as("the reservoir keeps 100 of the 300 latencies of a side")
        .isEqualTo(100);
    assertThat(latency.legacySamples()).isEqualTo(100);
    assertThat(entry.figures()).containsEntry("modern-requests", 300.0);
    assertThat(latency.actual()).as("p99 ratio").isCloseTo(2.0, within(0.01));
    assertThat(entry.reason()).contains("latency-ratio failed");
  }

  @Test
  void evaluateAll_slowCallsOnlyInTheWarmUp_areLeftOutOfTheLatencyGate() {
    startPlan();
    modernAnswers(Outcome.SUCCESS, 5, 2_000);
    healthyStep();
    pass(STEP);

    runner.evaluateAll();

    assertThat(progress().step()).isEqualTo(2);
    AuditEntry entry = lastAudit();
    assertThat(entry.figures())
        .as("the warm-up's calls count as requests")
        .containsEntry("modern-requests", 105.0)
        .containsEntry("modern-latency-samples", 100.0)
        .containsEntry("modern-p99-ms", 2.0);
    assertThat(gate(entry, "latency-ratio").verdict()).isEqualTo("passed");
  }

  @Test
  void evaluateAll_tooLittleEvidenceUntilMaxStepDuration_pausesByOnInconclusive() {
    startPlan();
    modernAnswers(Outcome.SUCCESS, 10);
    pass(STEP);
    runner.evaluateAll();
    assertThat(progress().status()).as("extended").isEqualTo("running");

    pass(PlanSettings.DEFAULT_MAX_STEP_DURATION.minus(STEP));
    runner.evaluateAll();

    assertThat(progress().status()).isEqualTo("paused");
    assertThat(progress().step()).isEqualTo(1);
    assertThat(checkout().percent().toString()).isEqualTo("1");
    AuditEntry entry = lastAudit();
    assertThat(entry.action()).isEqualTo("plan-pause");
    assertThat(entry.reason()).contains("inconclusive").contains("on-inconclusive");
    assertThat(gate(entry, "error-rate").verdict()).isEqualTo("inconclusive");
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
  void simulate_aStepThatWouldRollBack_saysSoGateByGate_andMovesNothing() {
    startPlan();
    modernAnswers(Outcome.SERVER_ERROR, 3);
    clock.advance(STEP);
    long version = store.route("checkout").version();
    int entries = store.audit(100).size();

    PlanSimulation simulation = runner.simulate("checkout");

    assertThat(simulation.decision()).isEqualTo("failed");
    assertThat(simulation.rollout().mode()).isEqualTo("legacy");
    assertThat(simulation.step()).isEqualTo(1);
    assertThat(simulation.figures()).containsEntry("modern-failures", 3.0);
    assertThat(simulation.gates())
        .extracting(AuditGate::gate)
        .containsExactly("error-rate", "latency-ratio", "diff-rate");
    assertThat(simulation.gates().get(0).verdict()).isEqualTo("failed");
    assertThat(simulation.gates().get(0).test()).isEqualTo("binomial");
    assertThat(checkout()).isEqualTo(new Rollout(Mode.CANARY, Percent.of("1")));
    assertThat(progress().status()).isEqualTo("running");
    assertThat(store.route("checkout").version()).as("nothing stored").isEqualTo(version);
    assertThat(store.audit(100)).as("nothing audited").hasSize(entries);

    runner.evaluateAll();
    assertThat(progress().status())
        .as("the simulation took nothing from the step's evidence")
        .isEqualTo("rolled-back");
  }

  @Test
  void stepPassedOutsideThePlansWindows_holdsAndShowsTheNextWindowsStart() {
    // Monday 2026-03-02 10:00 UTC is 11:00 in Berlin, before the window opens at 14:00
    router.applyRules(
        PARSER.parse(
            """
            legacy: http://legacy:8080
            routes:
              - id: checkout
                paths: [/checkout/**]
                modern: http://modern:8080
                mode: canary
                plan: {steps: [1, 100], step-duration: 10m, min-requests: 3, max-error-rate: 5,
                       windows: ["Mon-Fri 14:00-16:00 Europe/Berlin"]}
            """));
    startPlan();
    healthyStep();
    pass(STEP);

    runner.evaluateAll();

    Instant opens = Instant.parse("2026-03-02T13:00:00Z");
    assertThat(progress().step()).isEqualTo(1);
    assertThat(progress().status()).isEqualTo("running");
    assertThat(progress().waitingForWindow()).isEqualTo(opens);
    assertThat(runner.simulate("checkout").reason())
        .contains("waiting for a window of the plan: the next window opens at " + opens);

    clock.advance(Duration.between(clock.instant(), opens));
    runner.evaluateAll();
    assertThat(progress().step()).isEqualTo(2);
    assertThat(progress().waitingForWindow()).isNull();
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
