package dev.strangler.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.gateway.state.AuditAction;
import dev.strangler.gateway.state.AuditEntry;
import dev.strangler.gateway.state.FileBaseline;
import dev.strangler.gateway.state.PlanRecord;
import dev.strangler.gateway.state.RolloutOverride;
import dev.strangler.gateway.state.RolloutSnapshot;
import dev.strangler.gateway.state.RouteState;
import dev.strangler.gateway.state.RouteWrite;
import dev.strangler.gateway.state.StateStore;
import dev.strangler.gateway.support.SpringPathPatterns;
import dev.strangler.gateway.support.TestClock;
import dev.strangler.rules.Mode;
import dev.strangler.rules.Percent;
import dev.strangler.rules.Rollout;
import dev.strangler.rules.RulesFile;
import dev.strangler.rules.RulesParser;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.JsonNodeFactory;

class LiveRouterTest {

  static final TestClock CLOCK = TestClock.at(Instant.parse("2026-01-02T03:04:05Z"));

  static final RulesParser PARSER = RulesParser.of(new SpringPathPatterns());

  static RulesFile rules(String ordersMode) {
    return PARSER.parse(
        """
        legacy: http://legacy:8080
        routes:
          - id: orders
            paths: [/orders/**]
            modern: http://modern:8080
            mode: %s
          - id: users
            paths: [/users/**]
            modern: http://modern:8080
            mode: legacy
        """
            .formatted(ordersMode));
  }

  static LiveRouter router(RulesFile rules, StateStore store) {
    return new LiveRouter(
        rules, store, CLOCK, new SpringPathPatterns(), RandomGenerator.getDefault(), null);
  }

  static RolloutChange change(String route, Mode mode) {
    return new RolloutChange(
        route, new Rollout(mode, Percent.ZERO), "admin", AuditAction.ROLLOUT, "because", Map.of());
  }

  @Test
  void beforeRulesInForce_seesTheNewRulesWhileTheOldAreStillInForce(@TempDir Path dir) {
    LiveRouter router = router(rules("legacy"), StateStore.file(dir.resolve("s.json"), 10));
    RulesFile next = rules("shadow");
    List<String> seen = new ArrayList<>();
    router.beforeRulesInForce(
        rules -> seen.add(rules.version() + " while " + router.current().rules().version()));

    router.applyRules(next);

    assertThat(seen).containsExactly(next.version() + " while " + rules("legacy").version());
    assertThat(router.current().rules()).isSameAs(next);
  }

  @Test
  void beforeRulesInForce_failing_stopsTheReload_rulesInForceStay(@TempDir Path dir) {
    RulesFile first = rules("legacy");
    LiveRouter router = router(first, StateStore.file(dir.resolve("s.json"), 10));
    router.beforeRulesInForce(
        rules -> {
          throw new IllegalStateException("limiter refused");
        });

    assertThatThrownBy(() -> router.applyRules(rules("shadow"))).hasMessage("limiter refused");
    assertThat(router.current().rules()).isSameAs(first);
  }

  @Test
  void applyRollout_putsItInForce_storesItWithTheFilesRollout_andAudits(@TempDir Path dir) {
    StateStore store = StateStore.file(dir.resolve("s.json"), 10);
    LiveRouter router = router(rules("legacy"), store);

    AuditEntry entry = router.applyRollout(change("orders", Mode.MODERN)).orElseThrow();

    assertThat(router.current().rollout("orders").mode()).isEqualTo(Mode.MODERN);
    RolloutOverride stored = store.rollouts().get("orders");
    assertThat(stored.rollout()).isEqualTo(new RolloutSnapshot("modern", BigDecimal.ZERO));
    assertThat(stored.fileRollout()).isEqualTo(new RolloutSnapshot("legacy", BigDecimal.ZERO));
    assertThat(entry.from().mode()).isEqualTo("legacy");
    assertThat(entry.to().mode()).isEqualTo("modern");
    assertThat(store.audit(5)).containsExactly(entry);
    assertThat(router.applyRollout(change("nope", Mode.MODERN))).isEmpty();
  }

  @Test
  void applyRollout_publishesWhatChanged_whoAndWhy(@TempDir Path dir) {
    LiveRouter router = router(rules("legacy"), StateStore.file(dir.resolve("s.json"), 10));
    List<RolloutChangedEvent> events = new ArrayList<>();
    router.onRolloutChanged(events::add);

    router.applyRollout(change("orders", Mode.MODERN));

    assertThat(events).hasSize(1);
    RolloutChangedEvent event = events.get(0);
    assertThat(event.routeId()).isEqualTo("orders");
    assertThat(event.from().mode()).isEqualTo(Mode.LEGACY);
    assertThat(event.to().mode()).isEqualTo(Mode.MODERN);
    assertThat(event.change().who()).isEqualTo("admin");
    assertThat(event.change().reason()).isEqualTo("because");
    assertThat(event.router()).isSameAs(router.current());
  }

  @Test
  void applyRules_changingTheRoutesFileRollout_dropsItsRuntimeState_othersStay(@TempDir Path dir) {
    StateStore store = StateStore.file(dir.resolve("s.json"), 10);
    LiveRouter router = router(rules("legacy"), store);
    router.applyRollout(change("orders", Mode.MODERN));
    router.applyRollout(change("users", Mode.SHADOW));

    router.applyRules(rules("shadow"));

    assertThat(router.current().rollout("orders").mode()).isEqualTo(Mode.SHADOW);
    assertThat(router.current().rollout("users").mode()).isEqualTo(Mode.SHADOW);
    assertThat(store.rollouts()).containsOnlyKeys("users");
    AuditEntry replaced = store.audit(1).get(0);
    assertThat(replaced.who()).isEqualTo(AuditEntry.RULES_FILE);
    assertThat(replaced.action()).isEqualTo("rules-reload-replaced");
    assertThat(replaced.route()).isEqualTo("orders");
    assertThat(replaced.reason()).contains("from legacy to shadowing");
  }

  @Test
  void applyRules_publishesWhichRoutesChanged_andWhoseRuntimeStateWasReplaced(@TempDir Path dir) {
    LiveRouter router = router(rules("legacy"), StateStore.file(dir.resolve("s.json"), 10));
    router.applyRollout(change("orders", Mode.MODERN));
    List<RulesReloadedEvent> events = new ArrayList<>();
    router.onRulesReloaded(events::add);
    RulesFile before = router.current().rules();
    RulesFile next =
        PARSER.parse(
            """
            legacy: http://legacy:8080
            routes:
              - id: orders
                paths: [/orders/**]
                modern: http://modern:8080
                mode: shadow
              - id: carts
                paths: [/carts/**]
                modern: http://modern:8080
                mode: legacy
            """);

    RulesReloadedEvent returned = router.applyRules(next);

    assertThat(events).containsExactly(returned);
    assertThat(returned.previous()).isSameAs(before);
    assertThat(returned.rules()).isSameAs(next);
    assertThat(returned.added()).containsExactly("carts");
    assertThat(returned.removed()).containsExactly("users");
    assertThat(returned.changed()).containsExactly("orders");
    assertThat(returned.runtimeStateReplaced()).containsExactly("orders");
  }

  @Test
  void applyRules_aFailingListener_doesNotStopTheOthers(@TempDir Path dir) {
    LiveRouter router = router(rules("legacy"), StateStore.file(dir.resolve("s.json"), 10));
    List<String> heard = new ArrayList<>();
    router.onRulesReloaded(
        event -> {
          throw new IllegalStateException("broken listener");
        });
    router.onRulesReloaded(event -> heard.add(event.rules().version()));

    RulesFile next = rules("modern");
    router.applyRules(next);

    assertThat(heard).containsExactly(next.version());
    assertThat(router.current().rules()).isSameAs(next);
  }

  @Test
  void startUp_dropsStateMadeAgainstAnotherFileRollout_orForARouteNoLongerThere(@TempDir Path dir) {
    Path file = dir.resolve("s.json");
    LiveRouter old = router(rules("legacy"), StateStore.file(file, 10));
    old.applyRollout(change("orders", Mode.MODERN));
    old.applyRollout(change("users", Mode.MODERN));
    RulesFile changed =
        PARSER.parse(
            """
            legacy: http://legacy:8080
            routes:
              - id: orders
                paths: [/orders/**]
                modern: http://modern:8080
                mode: canary
                percent: 5
            """);
    String version = changed.version();

    StateStore store = StateStore.file(file, 10);
    LiveRouter router = router(changed, store);

    assertThat(router.current().rollout("orders").mode()).isEqualTo(Mode.CANARY);
    assertThat(store.rollouts()).isEmpty();
    assertThat(store.audit(2))
        .extracting(AuditEntry::reason)
        .containsExactlyInAnyOrder(
            "route users is no longer in the rules file",
            "the rules file changed the rollout of route orders from legacy to canary 5% (rules "
                + version
                + ")");
  }

  static RulesFile planned(String steps, String otherMode) {
    return PARSER.parse(
        """
        legacy: http://legacy:8080
        routes:
          - id: orders
            paths: [/orders/**]
            modern: http://modern:8080
            mode: canary
            plan: {steps: [%s]}
          - id: users
            paths: [/users/**]
            modern: http://modern:8080
            mode: %s
        """
            .formatted(steps, otherMode));
  }

  static void keepPlanState(StateStore store, RulesFile rules) {
    RouteState current = store.route("orders");
    store.write(
        new RouteWrite(
            "orders",
            current.version(),
            current.rollout(),
            PlanRecord.of(
                JsonNodeFactory.instance.objectNode().put("step", 1),
                FileBaseline.of(rules.route("orders").orElseThrow()),
                CLOCK.instant()),
            null,
            null,
            null));
  }

  @Test
  void applyRules_editingTheRoutesPlan_replacesItsPlanState_soThePlanStartsAgain(
      @TempDir Path dir) {
    StateStore store = StateStore.file(dir.resolve("s.json"), 10);
    RulesFile rules = planned("1, 5, 25", "legacy");
    LiveRouter router = router(rules, store);
    keepPlanState(store, rules);
    router.applyRollout(
        new RolloutChange(
            "orders",
            new Rollout(Mode.CANARY, Percent.of(new BigDecimal("5"))),
            AuditEntry.PLAN,
            AuditAction.PLAN_STEP,
            "step 2",
            Map.of()));

    RulesReloadedEvent reloaded = router.applyRules(planned("1, 10, 50", "legacy"));

    assertThat(reloaded.runtimeStateReplaced()).containsExactly("orders");
    assertThat(store.plans()).isEmpty();
    assertThat(store.rollouts()).isEmpty();
    assertThat(router.current().rollout("orders").percent()).isEqualTo(Percent.ZERO);
    assertThat(store.audit(1).get(0).reason())
        .startsWith("the rules file changed the plan of route orders");
  }

  @Test
  void applyRules_keepingTheRoutesRolloutAndPlan_keepsItsPlanState(@TempDir Path dir) {
    StateStore store = StateStore.file(dir.resolve("s.json"), 10);
    RulesFile rules = planned("1, 5, 25", "legacy");
    LiveRouter router = router(rules, store);
    keepPlanState(store, rules);

    RulesReloadedEvent reloaded = router.applyRules(planned("1, 5, 25", "shadow"));

    assertThat(reloaded.changed()).containsExactly("users");
    assertThat(reloaded.runtimeStateReplaced()).isEmpty();
    assertThat(store.plans()).containsOnlyKeys("orders");
  }

  @Test
  void startUp_keepsStateMadeAgainstTheSameFileRoute(@TempDir Path dir) {
    Path file = dir.resolve("s.json");
    router(rules("legacy"), StateStore.file(file, 10)).applyRollout(change("orders", Mode.MODERN));

    LiveRouter router = router(rules("legacy"), StateStore.file(file, 10));

    assertThat(router.current().rollout("orders").mode()).isEqualTo(Mode.MODERN);
  }
}
