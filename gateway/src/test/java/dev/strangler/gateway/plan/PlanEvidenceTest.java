package dev.strangler.gateway.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.gateway.route.LiveRouter;
import dev.strangler.gateway.state.FileBaseline;
import dev.strangler.gateway.state.PlanRecord;
import dev.strangler.gateway.state.RouteState;
import dev.strangler.gateway.state.RouteWrite;
import dev.strangler.gateway.state.StateStore;
import dev.strangler.gateway.support.SpringPathPatterns;
import dev.strangler.gateway.support.TestClock;
import dev.strangler.rules.Percent;
import dev.strangler.rules.PlanState;
import dev.strangler.rules.PlanStatus;
import dev.strangler.rules.RouteRule;
import dev.strangler.rules.RulesFile;
import dev.strangler.rules.RulesParser;
import dev.strangler.rules.Target;
import dev.strangler.shadow.DiffReport;
import dev.strangler.shadow.DiffReports;
import dev.strangler.shadow.NoiseThresholds;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The evidence of each route follows its plan's step as the state store has it. */
class PlanEvidenceTest {

  static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");

  static final RulesFile RULES =
      RulesParser.of(new SpringPathPatterns())
          .parse(
              """
              legacy: http://legacy:8080
              routes:
                - id: orders
                  paths: [/orders/**]
                  modern: http://modern:8080
                  mode: canary
                  plan: {steps: [5, 50, 100], warm-up: 10s}
                - id: users
                  paths: [/users/**]
                  modern: http://modern:8080
                  mode: canary
              """);

  final JsonMapper json = JsonMapper.builder().build();

  final TestClock clock = TestClock.at(T0);

  final AtomicLong nanoTime = new AtomicLong(1_000_000_000L);

  StateStore store;

  LiveRouter router;

  PlanEvidence evidence;

  @BeforeEach
  void setUp(@TempDir Path dir) {
    store = StateStore.file(dir.resolve("state.json"), 100);
    router =
        new LiveRouter(
            RULES, store, clock, new SpringPathPatterns(), new SplittableRandom(1), null);
    DiffReports reports =
        DiffReports.of(
            id -> DiffReport.create(id, NoiseThresholds.defaults(), List.of(), 100, 1, clock));
    evidence =
        new PlanEvidence(
            router, store, reports, json, clock, nanoTime::get, new SplittableRandom(2), 100);
  }

  private void plan(PlanStatus status, int step, Instant startedAt) {
    RouteRule orders = RULES.route("orders").orElseThrow();
    RouteState current = store.route("orders");
    PlanState state =
        new PlanState(
            "orders", status, step, startedAt, status == PlanStatus.PAUSED ? startedAt : null);
    store.write(
        new RouteWrite(
            "orders",
            current.version(),
            null,
            PlanRecord.of(json.valueToTree(state), FileBaseline.of(orders), clock.instant()),
            null,
            null,
            null));
  }

  /** The first step's percent, which decides the calls of the tests. */
  static final Percent FIRST_STEP = Percent.of("5");

  private void modernCall(long millis) {
    modernCall(FIRST_STEP, millis);
  }

  private void modernCall(Percent decidedAt, long millis) {
    evidence.record(
        "orders",
        decidedAt,
        Target.MODERN,
        Target.MODERN,
        false,
        millis * 1_000_000,
        nanoTime.get());
  }

  @Test
  void noPlanState_recordsNothing() {
    evidence.sync();
    modernCall(20);

    assertThat(evidence.local("orders")).isEmpty();
    assertThat(evidence.local("users")).isEmpty();
  }

  @Test
  void runningStep_recordsItsRequests_latenciesAfterItsWarmUp() {
    plan(PlanStatus.RUNNING, 0, T0);
    clock.advance(Duration.ofSeconds(4));
    evidence.sync();

    modernCall(400);
    nanoTime.addAndGet(Duration.ofSeconds(6).toNanos());
    modernCall(20);

    EvidenceSnapshot snapshot = evidence.local("orders").orElseThrow();
    assertThat(snapshot.step()).isEqualTo("0@" + T0);
    assertThat(snapshot.modernRequests()).isEqualTo(2);
    assertThat(snapshot.modernMicros()).containsExactly(20_000);
    assertThat(evidence.all()).containsOnlyKeys("orders");
  }

  @Test
  void nextStep_startsAfresh_sameStepKeepsItsEvidence() {
    plan(PlanStatus.RUNNING, 0, T0);
    evidence.sync();
    modernCall(20);
    evidence.sync();
    assertThat(evidence.local("orders").orElseThrow().modernRequests()).isEqualTo(1);

    plan(PlanStatus.RUNNING, 1, T0.plusSeconds(600));
    evidence.sync();

    EvidenceSnapshot next = evidence.local("orders").orElseThrow();
    assertThat(next.step()).isEqualTo("1@" + T0.plusSeconds(600));
    assertThat(next.modernRequests()).isZero();
  }

  @Test
  void requestsDecidedAtAnotherPercent_areNotTheStepsEvidence() {
    plan(PlanStatus.RUNNING, 1, T0);
    evidence.sync();

    // decided at the first step's 5 % by a replica that has not applied the move to 50 % yet
    modernCall(FIRST_STEP, 20);
    modernCall(Percent.of("50"), 20);

    assertThat(evidence.local("orders").orElseThrow().modernRequests()).isEqualTo(1);
  }

  @Test
  void pausedPlan_keepsItsStep_completedPlan_recordsNoMore() {
    plan(PlanStatus.PAUSED, 1, T0);
    evidence.sync();
    assertThat(evidence.local("orders")).isPresent();

    plan(PlanStatus.COMPLETED, 2, T0);
    evidence.sync();

    assertThat(evidence.local("orders")).isEmpty();
  }

  @Test
  void warmUpAlreadyOver_whenTheReplicaFollowsLate_latenciesCountAtOnce() {
    plan(PlanStatus.RUNNING, 0, T0);
    clock.advance(Duration.ofMinutes(5));
    evidence.sync();

    modernCall(20);

    assertThat(evidence.local("orders").orElseThrow().modernMicros()).containsExactly(20_000);
  }
}
