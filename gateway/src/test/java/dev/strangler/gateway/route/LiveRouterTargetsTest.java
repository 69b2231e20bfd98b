package dev.strangler.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.strangler.gateway.state.AuditAction;
import dev.strangler.gateway.state.AuditEntry;
import dev.strangler.gateway.state.StateStore;
import dev.strangler.gateway.state.TargetsOverride;
import dev.strangler.gateway.support.SpringPathPatterns;
import dev.strangler.rules.Mode;
import dev.strangler.rules.Percent;
import dev.strangler.rules.Rollout;
import dev.strangler.rules.RulesFile;
import dev.strangler.rules.RulesParser;
import dev.strangler.rules.Targets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Targets set at runtime: kept, audited, in force, kept by other changes, replaced by the file. */
class LiveRouterTargetsTest {

  static RulesFile rules(String targets, String ordersMode) {
    return RulesParser.of(new SpringPathPatterns())
        .parse(
            """
            legacy: http://legacy:8080
            routes:
              - id: orders
                paths: [/orders/**]
                modern: http://modern:8080
                mode: %s
                percent: 5
                sticky-by: [header:X-User-Id]
                targets: %s
              - id: anonymous
                paths: [/pages/**]
                modern: http://modern:8080
                mode: canary
            """
                .formatted(ordersMode, targets));
  }

  static LiveRouter router(RulesFile rules, StateStore store) {
    return new LiveRouter(
        rules,
        store,
        LiveRouterTest.CLOCK,
        new SpringPathPatterns(),
        RandomGenerator.getDefault(),
        null);
  }

  static TargetsChange change(Targets targets) {
    return new TargetsChange("orders", targets, "admin", "beta starts");
  }

  @Test
  void applyTargets_putsThemInForce_keepsThemAgainstTheFiles_andAudits(@TempDir Path dir) {
    StateStore store = StateStore.file(dir.resolve("s.json"), 10);
    LiveRouter router = router(rules("{modern: [alice]}", "canary"), store);
    List<TargetsChangedEvent> events = new ArrayList<>();
    router.onTargetsChanged(events::add);

    AuditEntry entry =
        router
            .applyTargets(change(new Targets(List.of("alice", "bob"), List.of("carol"))))
            .orElseThrow();

    assertThat(router.current().targets("orders").modern()).containsExactly("alice", "bob");
    TargetsOverride stored = store.targets().get("orders");
    assertThat(stored.legacy()).containsExactly("carol");
    assertThat(stored.who()).isEqualTo("admin");
    assertThat(stored.reason()).isEqualTo("beta starts");
    assertThat(entry.action()).isEqualTo(AuditAction.TARGETS.wireName()).isEqualTo("targets");
    assertThat(entry.figures())
        .containsEntry("modern-entries", 2.0)
        .containsEntry("legacy-entries", 1.0)
        .containsEntry("entries-added", 2.0)
        .containsEntry("entries-removed", 0.0);
    assertThat(store.audit(5)).containsExactly(entry);
    assertThat(events)
        .singleElement()
        .satisfies(e -> assertThat(e.from().modern()).containsExactly("alice"));
    assertThat(router.applyTargets(new TargetsChange("nope", Targets.NONE, "admin", "x")))
        .isEmpty();
  }

  @Test
  void targetsLikeTheFiles_leaveNoRuntimeTargets(@TempDir Path dir) {
    StateStore store = StateStore.file(dir.resolve("s.json"), 10);
    LiveRouter router = router(rules("{modern: [alice]}", "canary"), store);
    router.applyTargets(change(new Targets(List.of("bob"), List.of())));

    router.applyTargets(change(new Targets(List.of("alice"), List.of())));

    assertThat(store.targets()).isEmpty();
    assertThat(store.audit(5)).hasSize(2);
  }

  @Test
  void rolloutChange_keepsTheRuntimeTargets_andTheirsKeepTheRollout(@TempDir Path dir) {
    StateStore store = StateStore.file(dir.resolve("s.json"), 10);
    LiveRouter router = router(rules("{}", "canary"), store);
    router.applyTargets(change(new Targets(List.of("bob"), List.of())));

    router.applyRollout(
        new RolloutChange(
            "orders",
            new Rollout(Mode.CANARY, Percent.of("50")),
            "admin",
            AuditAction.ROLLOUT,
            "wider",
            Map.of()));
    router.applyTargets(change(new Targets(List.of("bob", "dave"), List.of())));

    assertThat(router.current().rollout("orders").percent()).isEqualTo(Percent.of("50"));
    assertThat(router.current().targets("orders").modern()).containsExactly("bob", "dave");
    assertThat(store.rollouts()).containsOnlyKeys("orders");
    assertThat(store.targets()).containsOnlyKeys("orders");
  }

  @Test
  void fileChangesTheTargets_replacesTheRuntimeOnes_keepsTheRuntimeRollout(@TempDir Path dir) {
    StateStore store = StateStore.file(dir.resolve("s.json"), 10);
    LiveRouter router = router(rules("{modern: [alice]}", "canary"), store);
    router.applyTargets(change(new Targets(List.of("bob"), List.of())));
    router.applyRollout(
        new RolloutChange(
            "orders",
            new Rollout(Mode.CANARY, Percent.of("20")),
            "admin",
            AuditAction.ROLLOUT,
            "wider",
            Map.of()));

    RulesReloadedEvent event = router.applyRules(rules("{modern: [erin]}", "canary"));

    assertThat(router.current().targets("orders").modern()).containsExactly("erin");
    assertThat(router.current().rollout("orders").percent()).isEqualTo(Percent.of("20"));
    assertThat(store.targets()).isEmpty();
    assertThat(store.rollouts()).containsOnlyKeys("orders");
    assertThat(event.runtimeStateReplaced()).containsExactly("orders");
    AuditEntry replaced = store.audit(1).get(0);
    assertThat(replaced.who()).isEqualTo(AuditEntry.RULES_FILE);
    assertThat(replaced.reason()).startsWith("the rules file changed the targets of route orders");
  }

  @Test
  void fileChangesTheRollout_keepsTheRuntimeTargets(@TempDir Path dir) {
    StateStore store = StateStore.file(dir.resolve("s.json"), 10);
    LiveRouter router = router(rules("{}", "canary"), store);
    router.applyTargets(change(new Targets(List.of("bob"), List.of())));

    router.applyRules(rules("{}", "shadow"));

    assertThat(router.current().targets("orders").modern()).containsExactly("bob");
    assertThat(store.targets()).containsOnlyKeys("orders");
  }

  @Test
  void restart_putsTheStoredTargetsInForce(@TempDir Path dir) {
    Path file = dir.resolve("s.json");
    router(rules("{}", "canary"), StateStore.file(file, 10))
        .applyTargets(change(new Targets(List.of("bob"), List.of("carol"))));

    LiveRouter restarted = router(rules("{}", "canary"), StateStore.file(file, 10));

    assertThat(restarted.current().targets("orders"))
        .isEqualTo(new Targets(List.of("bob"), List.of("carol")));
  }

  @Test
  void keysForARouteWithoutStickySources_areRefusedAndNothingIsKept(@TempDir Path dir) {
    StateStore store = StateStore.file(dir.resolve("s.json"), 10);
    LiveRouter router = router(rules("{}", "canary"), store);

    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                router.applyTargets(
                    new TargetsChange(
                        "anonymous", new Targets(List.of("alice"), List.of()), "admin", "x")));
    assertThat(store.targets()).isEmpty();
    assertThat(store.audit(5)).isEmpty();
  }
}
