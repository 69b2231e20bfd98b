package dev.strangler.gateway.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.gateway.route.LiveRouter;
import dev.strangler.gateway.state.RuntimeRollouts.RolloutChange;
import dev.strangler.gateway.support.SpringPathPatterns;
import dev.strangler.rules.Mode;
import dev.strangler.rules.Percent;
import dev.strangler.rules.Rollout;
import dev.strangler.rules.RulesFile;
import dev.strangler.rules.RulesParser;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeRolloutsTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

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

  static LiveRouter router(RulesFile rules, RuntimeRollouts rollouts) {
    LiveRouter router =
        new LiveRouter(
            rules,
            rollouts.inForce(rules),
            new SpringPathPatterns(),
            RandomGenerator.getDefault(),
            null);
    router.onChange(rollouts::reconcile);
    return router;
  }

  static RolloutChange change(String route, Mode mode) {
    return new RolloutChange(
        route, new Rollout(mode, Percent.ZERO), "admin", AuditAction.ROLLOUT, "because", Map.of());
  }

  @Test
  void apply_putsTheRolloutInForce_storesItWithTheFilesRollout_andAudits(@TempDir Path dir) {
    RuntimeRollouts rollouts =
        new RuntimeRollouts(FileStateStore.open(dir.resolve("s.json"), 10), CLOCK);
    LiveRouter router = router(rules("legacy"), rollouts);

    AuditEntry entry = rollouts.apply(router, change("orders", Mode.MODERN)).orElseThrow();

    assertThat(router.current().rollout("orders").mode()).isEqualTo(Mode.MODERN);
    RolloutOverride stored = rollouts.store().rollouts().get("orders");
    assertThat(stored.rollout()).isEqualTo(new RolloutSnapshot("modern", BigDecimal.ZERO));
    assertThat(stored.fileRollout()).isEqualTo(new RolloutSnapshot("legacy", BigDecimal.ZERO));
    assertThat(entry.from().mode()).isEqualTo("legacy");
    assertThat(entry.to().mode()).isEqualTo("modern");
    assertThat(rollouts.store().audit(5)).containsExactly(entry);
    assertThat(rollouts.apply(router, change("nope", Mode.MODERN))).isEmpty();
  }

  @Test
  void reload_changingTheRoutesFileRollout_dropsItsRuntimeState_othersStay(@TempDir Path dir) {
    RuntimeRollouts rollouts =
        new RuntimeRollouts(FileStateStore.open(dir.resolve("s.json"), 10), CLOCK);
    LiveRouter router = router(rules("legacy"), rollouts);
    rollouts.apply(router, change("orders", Mode.MODERN));
    rollouts.apply(router, change("users", Mode.SHADOW));

    router.applyRules(rules("shadow"));

    assertThat(router.current().rollout("orders").mode()).isEqualTo(Mode.SHADOW);
    assertThat(router.current().rollout("users").mode()).isEqualTo(Mode.SHADOW);
    assertThat(rollouts.store().rollouts()).containsOnlyKeys("users");
    AuditEntry replaced = rollouts.store().audit(1).get(0);
    assertThat(replaced.who()).isEqualTo(AuditEntry.RULES_FILE);
    assertThat(replaced.action()).isEqualTo("rules-reload-replaced");
    assertThat(replaced.route()).isEqualTo("orders");
    assertThat(replaced.reason()).contains("from legacy to shadowing");
  }

  @Test
  void startUp_dropsStateMadeAgainstAnotherFileRollout_orForARouteNoLongerThere(@TempDir Path dir) {
    Path file = dir.resolve("s.json");
    RuntimeRollouts before = new RuntimeRollouts(FileStateStore.open(file, 10), CLOCK);
    LiveRouter old = router(rules("legacy"), before);
    before.apply(old, change("orders", Mode.MODERN));
    before.apply(old, change("users", Mode.MODERN));

    RuntimeRollouts after = new RuntimeRollouts(FileStateStore.open(file, 10), CLOCK);
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

    Map<String, Rollout> inForce = after.inForce(changed);

    assertThat(inForce).isEmpty();
    assertThat(after.store().rollouts()).isEmpty();
    assertThat(after.store().audit(2))
        .extracting(AuditEntry::reason)
        .containsExactlyInAnyOrder(
            "route users is no longer in the rules file",
            "the rules file changed the rollout of route orders from legacy to canary 5% (rules "
                + version
                + ")");
  }
}
