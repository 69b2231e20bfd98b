package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Targeting: listed keys and header matches on their side in canary mode, everyone else on the
 * bucket formula, over a thousand generated users.
 */
class RouterTargetsTest {

  private static final String TOKEN = "s3cret-token";

  private static final StickyBucket BUCKET = StickyBucket.forSalt("orders");

  /** A thousand users with ids of varied length, from a fixed seed. */
  private static final List<String> USERS = users(1000);

  private static List<String> users(int count) {
    SplittableRandom random = new SplittableRandom(16);
    Set<String> users = new HashSet<>();
    while (users.size() < count) {
      users.add("user-" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
    }
    return List.copyOf(users);
  }

  private static RulesFile rules(String percent, String targets) {
    return Fixtures.rules(
        """
        legacy: http://legacy:8080
        routes:
          - id: orders
            paths: [/api/orders/**]
            modern: http://orders-v2:8080
            mode: canary
            percent: %s
            sticky-by: [header:X-User-Id, cookie:session]
            targets: %s
        """
            .formatted(percent, targets));
  }

  private static Router router(RulesFile rules) {
    return Router.of(
        rules, Map.of(), SegmentPathMatcherFactory.INSTANCE, ScriptedRandom.of(), TOKEN);
  }

  private static RoutingDecision as(Router router, String user) {
    return router.decide(TestRequest.get("/api/orders/1").withHeader("X-User-Id", user));
  }

  /** Every tenth user to modern, every tenth from the fifth to legacy. */
  private static String listed() {
    List<String> modern = new ArrayList<>();
    List<String> legacy = new ArrayList<>();
    for (int i = 0; i < USERS.size(); i++) {
      if (i % 10 == 0) {
        modern.add('"' + USERS.get(i) + '"');
      } else if (i % 10 == 5) {
        legacy.add('"' + USERS.get(i) + '"');
      }
    }
    return "{modern: " + modern + ", legacy: " + legacy + "}";
  }

  @Test
  void thousandUsers_listedOnTheirSide_othersOnTheFormula() {
    String targets = listed();
    for (String percent : List.of("0", "1", "25", "50", "99.99", "100")) {
      Router router = router(rules(percent, targets));
      int basisPoints = Percent.of(percent).basisPoints();

      for (int i = 0; i < USERS.size(); i++) {
        String user = USERS.get(i);
        RoutingDecision decision = as(router, user);
        if (i % 10 == 0) {
          assertThat(decision.target()).as("%s at %s%%", user, percent).isEqualTo(Target.MODERN);
          assertThat(decision.reason()).isEqualTo(RoutingDecision.Reason.TARGETED);
          assertThat(decision.sticky()).isTrue();
        } else if (i % 10 == 5) {
          assertThat(decision.target()).as("%s at %s%%", user, percent).isEqualTo(Target.LEGACY);
          assertThat(decision.reason()).isEqualTo(RoutingDecision.Reason.TARGETED);
        } else {
          Target formula = BUCKET.bucket(user) < basisPoints ? Target.MODERN : Target.LEGACY;
          assertThat(decision.target()).as("%s at %s%%", user, percent).isEqualTo(formula);
          assertThat(decision.reason()).isEqualTo(RoutingDecision.Reason.CANARY);
        }
      }
    }
  }

  @Test
  void thousandUsers_percentRaised_neverMovesAnUnlistedUserBackToLegacy() {
    String targets = listed();
    List<String> percents = List.of("0", "1", "5", "10", "25", "33.33", "50", "75", "99", "100");
    Set<String> onModern = new HashSet<>();
    for (String percent : percents) {
      Router router = router(rules(percent, targets));
      Set<String> now = new HashSet<>();
      for (int i = 0; i < USERS.size(); i++) {
        if (i % 10 != 0 && i % 10 != 5 && as(router, USERS.get(i)).target() == Target.MODERN) {
          now.add(USERS.get(i));
        }
      }
      assertThat(now).as("at %s%%", percent).containsAll(onModern);
      onModern = now;
    }
    assertThat(onModern).hasSize(800);
  }

  @Test
  void headerMatch_sendsEveryKeyOfTheTenantToItsSide() {
    Router router =
        router(
            rules("0", "{modern: [\"header:X-Tenant=beta\"], legacy: [\"header:x-plan=frozen\"]}"));

    RoutingDecision beta =
        router.decide(
            TestRequest.get("/api/orders/1")
                .withHeader("x-tenant", "beta")
                .withHeader("X-User-Id", "u"));
    RoutingDecision frozenBeta =
        router.decide(
            TestRequest.get("/api/orders/1")
                .withHeader("X-Tenant", "beta")
                .withHeader("X-Plan", "frozen"));
    RoutingDecision betaCase =
        router.decide(
            TestRequest.get("/api/orders/1")
                .withHeader("X-Tenant", "Beta")
                .withHeader("X-User-Id", "u"));

    assertThat(beta.target()).isEqualTo(Target.MODERN);
    assertThat(beta.reason()).isEqualTo(RoutingDecision.Reason.TARGETED);
    assertThat(frozenBeta.target()).as("legacy wins over modern").isEqualTo(Target.LEGACY);
    assertThat(betaCase.reason())
        .as("values match exactly")
        .isNotEqualTo(RoutingDecision.Reason.TARGETED);
  }

  @Test
  void keyListedForModern_butHeaderForLegacy_goesToLegacy() {
    Router router = router(rules("100", "{modern: [alice], legacy: [\"header:X-Plan=frozen\"]}"));

    RoutingDecision decision =
        router.decide(
            TestRequest.get("/api/orders/1")
                .withHeader("X-User-Id", "alice")
                .withHeader("X-Plan", "frozen"));

    assertThat(decision.target()).isEqualTo(Target.LEGACY);
  }

  @Test
  void keyFromALaterStickySource_isMatched() {
    Router router = router(rules("0", "{modern: [carol]}"));

    RoutingDecision decision =
        router.decide(TestRequest.get("/api/orders/1").withCookie("session", "carol"));

    assertThat(decision.target()).isEqualTo(Target.MODERN);
  }

  @Test
  void forcedTarget_winsOverTargets() {
    Router router = router(rules("0", "{modern: [alice]}"));

    RoutingDecision decision =
        router.decide(
            TestRequest.get("/api/orders/1")
                .withHeader("X-User-Id", "alice")
                .withHeader(Router.FORCE_HEADER, "legacy")
                .withHeader(Router.FORCE_TOKEN_HEADER, TOKEN));

    assertThat(decision.target()).isEqualTo(Target.LEGACY);
    assertThat(decision.reason()).isEqualTo(RoutingDecision.Reason.FORCED);
  }

  @Test
  void legacyOrModernMode_winsOverTargets() {
    Router legacyMode =
        router(rules("0", "{modern: [alice]}"))
            .withRollout("orders", new Rollout(Mode.LEGACY, Percent.ZERO));
    Router modernMode =
        router(rules("0", "{legacy: [bob]}"))
            .withRollout("orders", new Rollout(Mode.MODERN, Percent.HUNDRED));

    assertThat(as(legacyMode, "alice").target()).isEqualTo(Target.LEGACY);
    assertThat(as(legacyMode, "alice").reason()).isEqualTo(RoutingDecision.Reason.MODE);
    assertThat(as(modernMode, "bob").target()).isEqualTo(Target.MODERN);
  }

  @Test
  void targetedDecisions_arePreparedInstances() {
    Router router = router(rules("0", "{modern: [alice, bob]}"));

    assertThat(as(router, "alice")).isSameAs(as(router, "bob"));
  }

  @Test
  void withTargets_replacesTheRoutesTargetsOnly() {
    Router router = router(rules("0", "{modern: [alice]}"));

    Router changed = router.withTargets("orders", new Targets(List.of("bob"), List.of("alice")));

    assertThat(as(router, "alice").target()).isEqualTo(Target.MODERN);
    assertThat(as(changed, "alice").target()).isEqualTo(Target.LEGACY);
    assertThat(as(changed, "bob").target()).isEqualTo(Target.MODERN);
    assertThat(changed.targets("orders").modern()).containsExactly("bob");
    assertThat(changed.route("orders").orElseThrow().targets().legacy()).containsExactly("alice");
    assertThat(changed.rollout("orders")).isEqualTo(router.rollout("orders"));
    assertThat(changed.allTargets()).containsOnlyKeys("orders");
  }

  @Test
  void of_targetOverrides_replaceTheFileTargets() {
    Router router =
        Router.of(
            rules("0", "{modern: [alice]}"),
            Map.of(),
            Map.of("orders", Targets.NONE, "gone", new Targets(List.of("x"), List.of())),
            SegmentPathMatcherFactory.INSTANCE,
            ScriptedRandom.of(),
            TOKEN);

    assertThat(router.targets("orders")).isEqualTo(Targets.NONE);
  }

  @Test
  void withTargets_keysOnARouteWithoutStickySources_isRefused() {
    Router router =
        router(
            Fixtures.rules(
                """
                legacy: http://legacy:8080
                routes:
                  - id: orders
                    paths: [/api/orders/**]
                    modern: http://orders-v2:8080
                    mode: canary
                """));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> router.withTargets("orders", new Targets(List.of("alice"), List.of())))
        .withMessageContaining("expected: header matches only (header:NAME=value)");
  }
}
