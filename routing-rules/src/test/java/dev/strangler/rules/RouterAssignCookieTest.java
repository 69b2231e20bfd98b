package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** {@code assign-cookie}: a key made for a request without one, bucketed by and handed out. */
class RouterAssignCookieTest {

  private static RulesFile rules(String stickyBy) {
    return Fixtures.rules(
        """
        legacy: http://legacy:8080
        routes:
          - id: pages
            paths: [/pages/**]
            modern: http://pages-v2:8080
            mode: canary
            percent: 50
            sticky-by: %s
        """
            .formatted(stickyBy));
  }

  private static Router router(RulesFile rules, RandomGenerator random) {
    return Router.of(rules, Map.of(), SegmentPathMatcherFactory.INSTANCE, random, null);
  }

  @Test
  void noKey_routerMakesOne_bucketsByIt_andHandsItOut() {
    Router router = router(rules("[cookie:session, assign-cookie]"), new SplittableRandom(5));

    RoutingDecision decision = router.decide(TestRequest.get("/pages/home"));

    assertThat(decision.assignedKey()).isNotNull();
    AssignedKey assigned = decision.assignedKey();
    assertThat(assigned.cookieName())
        .isEqualTo(StickySource.ASSIGNED_COOKIE)
        .isEqualTo("strangler-key");
    assertThat(assigned.key()).matches("[0-9a-f]{32}");
    assertThat(decision.sticky()).isTrue();
    assertThat(decision.reason()).isEqualTo(RoutingDecision.Reason.CANARY);
    Target formula =
        StickyBucket.forSalt("pages").bucket(assigned.key()) < 5000 ? Target.MODERN : Target.LEGACY;
    assertThat(decision.target()).isEqualTo(formula);
  }

  @Test
  void cookieSentBack_keepsItsSide_withoutANewKey() {
    Router router = router(rules("[assign-cookie:ab]"), new SplittableRandom(9));
    for (int i = 0; i < 200; i++) {
      RoutingDecision first = router.decide(TestRequest.get("/pages/home"));
      AssignedKey assigned = first.assignedKey();
      assertThat(assigned.cookieName()).isEqualTo("ab");

      RoutingDecision next =
          router.decide(TestRequest.get("/pages/other").withCookie("ab", assigned.key()));

      assertThat(next.target()).isEqualTo(first.target());
      assertThat(next.assignedKey()).isNull();
      assertThat(next.sticky()).isTrue();
    }
  }

  @Test
  void anEarlierSourcePresent_noKeyIsMade() {
    Router router = router(rules("[header:X-User-Id, assign-cookie]"), ScriptedRandom.of());

    RoutingDecision decision =
        router.decide(TestRequest.get("/pages/home").withHeader("X-User-Id", "alice"));

    assertThat(decision.assignedKey()).isNull();
    assertThat(decision.sticky()).isTrue();
  }

  @Test
  void manyAnonymousBrowsers_splitByThePercent() {
    Router router = router(rules("[assign-cookie]"), new SplittableRandom(21));
    int modern = 0;
    for (int i = 0; i < 10_000; i++) {
      if (router.decide(TestRequest.get("/pages/home")).target() == Target.MODERN) {
        modern++;
      }
    }

    assertThat(modern).isBetween(4700, 5300);
  }

  @Test
  void assignCookie_notLast_isRefusedWithItsPath() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> rules("[assign-cookie, header:X-User-Id]"))
        .withMessageContaining(
            "routes[0].sticky-by[0]: assign-cookie (expected: assign-cookie last in sticky-by, as"
                + " it always gives a key)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> rules("[ip, assign-cookie]"))
        .withMessageContaining(
            "routes[0].sticky-by[1]: assign-cookie (expected: no assign-cookie after ip, which"
                + " always gives a key)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> rules("[\"assign-cookie:bad name\"]"))
        .withMessageContaining(
            "routes[0].sticky-by[0]: assign-cookie:bad name (expected: header:<name>,"
                + " cookie:<name>, query:<name>, ip or assign-cookie[:<name>])");
  }

  @Test
  void stickySource_assignCookie_parsesWithAndWithoutName() {
    assertThat(StickySource.parse("assign-cookie"))
        .isEqualTo(new StickySource(StickySource.Kind.ASSIGN_COOKIE, "strangler-key"));
    assertThat(StickySource.parse("Assign-Cookie:sid").name()).isEqualTo("sid");
    assertThat(StickySource.parse("assign-cookie:sid").wireName()).isEqualTo("assign-cookie:sid");
    assertThat(StickySource.parse("assign-cookie").assigns()).isTrue();
    assertThat(
            StickySource.parse("assign-cookie:sid")
                .keyOf(TestRequest.get("/").withCookie("sid", "k1")))
        .isEqualTo("k1");
  }

  @Test
  void assignedKey_onlyOnAStickyCanaryDecision() {
    RoutingDecision forced =
        router(rules("[assign-cookie]"), ScriptedRandom.of())
            .withRollout("pages", new Rollout(Mode.LEGACY, Percent.ZERO))
            .decide(TestRequest.get("/pages/home"));

    assertThat(forced.assignedKey()).as("legacy mode needs no key").isNull();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> forced.withAssignedKey(new AssignedKey("k", "v")))
        .withMessageStartingWith("assignedKey: AssignedKey[cookieName=k, key=v] (expected: only");
  }
}
