package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RouterTest {

  private static final String TOKEN = "s3cret-token";
  private static final URI LEGACY = URI.create("http://legacy:8080");
  private static final URI ORDERS_V2 = URI.create("http://orders-v2:8080");

  /** {@code orders} with the given mode lines, sticky by header, cookie, query and ip. */
  private static RulesFile orders(String modeLines) {
    return Fixtures.rules(
        """
        legacy: http://legacy:8080
        routes:
          - id: orders
            paths: [/api/orders/**, /api/carts/*]
            modern: http://orders-v2:8080
            sticky-by: [header:X-User-Id, cookie:session, query:user, ip]
        """
            + "    "
            + modeLines.replace("\n", "\n    ")
            + "\n");
  }

  private static Router router(RulesFile rules, RandomGenerator random) {
    return Router.of(rules, Map.of(), SegmentPathMatcherFactory.INSTANCE, random, TOKEN);
  }

  /** A generator that fails the test when drawn from: the decision must not need randomness. */
  private static RandomGenerator noDraws() {
    return ScriptedRandom.of();
  }

  // Step 1: matching

  @Test
  void decide_noRouteMatches_goesToCatchAllLegacy() {
    Router router = router(orders("mode: modern"), noDraws());

    RoutingDecision decision = router.decide(TestRequest.get("/api/customers/1"));

    assertThat(decision.route()).isNull();
    assertThat(decision.routeId())
        .isEqualTo(RoutingDecision.CATCH_ALL_ROUTE_ID)
        .isEqualTo("catch-all");
    assertThat(decision.target()).isEqualTo(Target.LEGACY);
    assertThat(decision.uri()).isEqualTo(LEGACY);
    assertThat(decision.reason()).isEqualTo(RoutingDecision.Reason.CATCH_ALL);
    assertThat(decision.sticky()).isFalse();
    assertThat(decision.shadowed()).isFalse();
    assertThat(decision.shadowTarget()).isNull();
    assertThat(decision.shadowUri()).isNull();
  }

  @Test
  void decide_catchAll_ignoresForceHeaders() {
    Router router = router(orders("mode: modern"), noDraws());

    RoutingDecision decision =
        router.decide(
            TestRequest.get("/other")
                .withHeader(Router.FORCE_HEADER, "modern")
                .withHeader(Router.FORCE_TOKEN_HEADER, TOKEN));

    assertThat(decision.reason()).isEqualTo(RoutingDecision.Reason.CATCH_ALL);
    assertThat(decision.target()).isEqualTo(Target.LEGACY);
  }

  @Test
  void decide_anyPathOfTheRouteMatches() {
    Router router = router(orders("mode: modern"), noDraws());

    assertThat(router.decide(TestRequest.get("/api/orders")).routeId()).isEqualTo("orders");
    assertThat(router.decide(TestRequest.get("/api/orders/42/items")).routeId())
        .isEqualTo("orders");
    assertThat(router.decide(TestRequest.get("/api/carts/7")).routeId()).isEqualTo("orders");
    assertThat(router.decide(TestRequest.get("/api/carts/7/items")).routeId())
        .isEqualTo("catch-all");
  }

  @Test
  void decide_firstMatchInFileOrderWins() {
    Router router =
        router(
            Fixtures.rules(
                """
                legacy: http://legacy:8080
                routes:
                  - {id: order-items, paths: [/api/orders/*/items], modern: "http://i:1",
                     mode: modern}
                  - {id: orders, paths: [/api/orders/**], modern: "http://o:1", mode: modern}
                  - {id: never, paths: [/api/orders/*/items], modern: "http://n:1", mode: modern}
                """),
            noDraws());

    assertThat(router.decide(TestRequest.get("/api/orders/1/items")).routeId())
        .isEqualTo("order-items");
    assertThat(router.decide(TestRequest.get("/api/orders/1")).routeId()).isEqualTo("orders");
  }

  @Test
  void decide_methodsFilter_passesOtherMethodsToLaterRoutes() {
    Router router =
        router(
            Fixtures.rules(
                """
                legacy: http://legacy:8080
                routes:
                  - {id: writes, paths: [/api/orders/**], methods: [POST, PUT],
                     modern: "http://w:1", mode: modern}
                  - {id: reads, paths: [/api/orders/**], methods: [GET],
                     modern: "http://r:1", mode: modern}
                """),
            noDraws());

    assertThat(router.decide(TestRequest.of("POST", "/api/orders")).routeId()).isEqualTo("writes");
    assertThat(router.decide(TestRequest.of("put", "/api/orders/1")).routeId()).isEqualTo("writes");
    assertThat(router.decide(TestRequest.get("/api/orders/1")).routeId()).isEqualTo("reads");
    assertThat(router.decide(TestRequest.of("DELETE", "/api/orders/1")).routeId())
        .isEqualTo("catch-all");
  }

  // Step 3: modes

  @Test
  void legacyMode_legacyAnswers_nothingMirrored() {
    Router router = router(orders("mode: legacy\nshadow: {percent: 100}"), noDraws());

    RoutingDecision decision = router.decide(TestRequest.get("/api/orders/1"));

    assertThat(decision.target()).isEqualTo(Target.LEGACY);
    assertThat(decision.uri()).isEqualTo(LEGACY);
    assertThat(decision.reason()).isEqualTo(RoutingDecision.Reason.MODE);
    assertThat(decision.sticky()).isFalse();
    assertThat(decision.shadowed()).isFalse();
  }

  @Test
  void modernMode_modernAnswers() {
    Router router = router(orders("mode: modern"), noDraws());

    RoutingDecision decision = router.decide(TestRequest.get("/api/orders/1"));

    assertThat(decision.target()).isEqualTo(Target.MODERN);
    assertThat(decision.uri()).isEqualTo(ORDERS_V2);
    assertThat(decision.reason()).isEqualTo(RoutingDecision.Reason.MODE);
    assertThat(decision.shadowed())
        .as("shadow percent defaults to 0 outside shadow mode")
        .isFalse();
  }

  @Test
  void modernMode_percentIsIgnored() {
    Router router = router(orders("mode: modern\npercent: 0"), noDraws());

    assertThat(
            router
                .decide(TestRequest.get("/api/orders/1").withHeader("X-User-Id", "user-1"))
                .target())
        .isEqualTo(Target.MODERN);
  }

  @Test
  void shadowMode_legacyAnswersAndModernGetsACopyOfEveryRead() {
    Router router = router(orders("mode: shadow"), noDraws());

    RoutingDecision decision = router.decide(TestRequest.get("/api/orders/1"));

    assertThat(decision.target()).isEqualTo(Target.LEGACY);
    assertThat(decision.uri()).isEqualTo(LEGACY);
    assertThat(decision.reason()).isEqualTo(RoutingDecision.Reason.MODE);
    assertThat(decision.shadowTarget()).isEqualTo(Target.MODERN);
    assertThat(decision.shadowUri()).isEqualTo(ORDERS_V2);
  }

  @Test
  void shadowMode_methodNotInShadowMethods_isNotMirrored() {
    Router router = router(orders("mode: shadow"), noDraws());

    RoutingDecision decision = router.decide(TestRequest.of("POST", "/api/orders"));

    assertThat(decision.target()).isEqualTo(Target.LEGACY);
    assertThat(decision.shadowed()).isFalse();
  }

  @Test
  void shadowMode_percent_samplesWithOneDraw() {
    RulesFile rules = orders("mode: shadow\nshadow: {percent: 10}");

    TestRequest request = TestRequest.get("/api/orders");

    assertThat(router(rules, ScriptedRandom.of(999)).decide(request).shadowed()).isTrue();
    assertThat(router(rules, ScriptedRandom.of(1000)).decide(request).shadowed()).isFalse();
  }

  @Test
  void shadowMode_explicitZeroPercent_mirrorsNothing() {
    Router router = router(orders("mode: shadow\nshadow: {percent: 0}"), noDraws());

    assertThat(router.decide(TestRequest.get("/api/orders")).shadowed()).isFalse();
  }

  @Test
  void canaryMode_mirrorsToTheSideThatDidNotAnswer() {
    RulesFile rules = orders("mode: canary\npercent: 50\nshadow: {percent: 30, methods: [GET]}");
    TestRequest modernKey = TestRequest.get("/api/orders").withHeader("X-User-Id", "user-1");
    TestRequest legacyKey = TestRequest.get("/api/orders").withHeader("X-User-Id", "ünïcode");

    RoutingDecision toModern = router(rules, ScriptedRandom.of(2999)).decide(modernKey);
    RoutingDecision toLegacy = router(rules, ScriptedRandom.of(0)).decide(legacyKey);
    RoutingDecision notSampled = router(rules, ScriptedRandom.of(3000)).decide(modernKey);

    assertThat(toModern.target()).isEqualTo(Target.MODERN);
    assertThat(toModern.shadowTarget()).isEqualTo(Target.LEGACY);
    assertThat(toModern.shadowUri()).isEqualTo(LEGACY);
    assertThat(toLegacy.target()).isEqualTo(Target.LEGACY);
    assertThat(toLegacy.shadowTarget()).isEqualTo(Target.MODERN);
    assertThat(toLegacy.shadowUri()).isEqualTo(ORDERS_V2);
    assertThat(notSampled.shadowed()).isFalse();
  }

  @Test
  void modernMode_fullShadow_mirrorsToLegacyWithoutADraw() {
    Router router =
        router(orders("mode: modern\nshadow: {percent: 100, methods: [GET, POST]}"), noDraws());

    RoutingDecision decision = router.decide(TestRequest.of("POST", "/api/orders"));

    assertThat(decision.target()).isEqualTo(Target.MODERN);
    assertThat(decision.shadowTarget()).isEqualTo(Target.LEGACY);
    assertThat(decision.shadowUri()).isEqualTo(LEGACY);
  }

  // Step 3: canary bucketing

  @Test
  void canary_stickyKey_modernExactlyBelowThePercent() {
    int bucket = StickyBucket.of("orders", "user-1");
    TestRequest request = TestRequest.get("/api/orders").withHeader("X-User-Id", "user-1");

    assertThat(canaryTarget(bucket, request)).isEqualTo(Target.LEGACY);
    assertThat(canaryTarget(bucket + 1, request)).isEqualTo(Target.MODERN);
  }

  @Test
  void canary_stickyKey_isStickyAndNeedsNoDraw() {
    Router router = router(orders("mode: canary\npercent: 50"), noDraws());

    RoutingDecision decision =
        router.decide(TestRequest.get("/api/orders").withHeader("X-User-Id", "user-1"));

    assertThat(decision.reason()).isEqualTo(RoutingDecision.Reason.CANARY);
    assertThat(decision.sticky()).isTrue();
    assertThat(decision.target()).isEqualTo(Target.MODERN);
    assertThat(decision.uri()).isEqualTo(ORDERS_V2);
  }

  @Test
  void canary_sameKey_sameAnswerAcrossRouters() {
    RulesFile rules = orders("mode: canary\npercent: 37.5");
    Router first = router(rules, noDraws());
    Router second = router(orders("mode: canary\npercent: 37.5"), noDraws());

    for (int i = 0; i < 1_000; i++) {
      TestRequest request = TestRequest.get("/api/orders").withHeader("X-User-Id", "user-" + i);
      assertThat(second.decide(request).target()).isEqualTo(first.decide(request).target());
      assertThat(first.decide(request)).isSameAs(first.decide(request));
    }
  }

  @Test
  void canary_stickySources_firstPresentWins() {
    TestRequest all =
        TestRequest.get("/api/orders")
            .withHeader("X-User-Id", "user-1")
            .withCookie("session", "ünïcode")
            .withQueryParam("user", "user-2")
            .withRemoteAddress("203.0.113.7");
    TestRequest noHeader =
        TestRequest.get("/api/orders")
            .withCookie("session", "ünïcode")
            .withQueryParam("user", "user-2")
            .withRemoteAddress("203.0.113.7");
    TestRequest queryAndIp =
        TestRequest.get("/api/orders")
            .withQueryParam("user", "user-2")
            .withRemoteAddress("203.0.113.7");
    TestRequest ipOnly = TestRequest.get("/api/orders").withRemoteAddress("203.0.113.7");

    assertKeyUsed(all, "user-1");
    assertKeyUsed(noHeader, "ünïcode");
    assertKeyUsed(queryAndIp, "user-2");
    assertKeyUsed(ipOnly, "203.0.113.7");
  }

  @Test
  void canary_headerNameIsCaseInsensitive() {
    assertKeyUsed(TestRequest.get("/api/orders").withHeader("x-user-id", "user-1"), "user-1");
  }

  @Test
  void canary_noKey_bucketsAtRandomAndIsUnsticky() {
    RulesFile rules = orders("mode: canary\npercent: 50");
    TestRequest request = TestRequest.get("/api/orders");

    RoutingDecision below = router(rules, ScriptedRandom.of(4999)).decide(request);
    RoutingDecision atPercent = router(rules, ScriptedRandom.of(5000)).decide(request);

    assertThat(below.target()).isEqualTo(Target.MODERN);
    assertThat(below.sticky()).isFalse();
    assertThat(below.reason()).isEqualTo(RoutingDecision.Reason.CANARY);
    assertThat(atPercent.target()).isEqualTo(Target.LEGACY);
    assertThat(atPercent.sticky()).isFalse();
  }

  @Test
  void canary_noKey_randomShareFollowsThePercent() {
    // SplittableRandom is not thread-safe; fine for one test thread, not for production.
    Router router = router(orders("mode: canary\npercent: 25"), new SplittableRandom(42));
    int modern = 0;
    for (int i = 0; i < 20_000; i++) {
      if (router.decide(TestRequest.get("/api/orders")).target() == Target.MODERN) {
        modern++;
      }
    }

    assertThat(modern / 200.0).isCloseTo(25.0, within(1.5));
  }

  @Test
  void canary_zeroAndHundredPercent() {
    TestRequest request = TestRequest.get("/api/orders").withHeader("X-User-Id", "user-1");

    assertThat(router(orders("mode: canary\npercent: 0"), noDraws()).decide(request).target())
        .isEqualTo(Target.LEGACY);
    assertThat(router(orders("mode: canary\npercent: 100"), noDraws()).decide(request).target())
        .isEqualTo(Target.MODERN);
  }

  // Step 2: forcing

  @Test
  void forced_withTheToken_isObeyedAndNotMirrored() {
    Router router = router(orders("mode: shadow"), noDraws());

    RoutingDecision decision =
        router.decide(
            TestRequest.get("/api/orders")
                .withHeader(Router.FORCE_HEADER, "modern")
                .withHeader(Router.FORCE_TOKEN_HEADER, TOKEN));

    assertThat(decision.target()).isEqualTo(Target.MODERN);
    assertThat(decision.uri()).isEqualTo(ORDERS_V2);
    assertThat(decision.reason()).isEqualTo(RoutingDecision.Reason.FORCED);
    assertThat(decision.shadowed()).isFalse();
    assertThat(decision.sticky()).isFalse();
  }

  @Test
  void forced_toLegacy_overridesModernMode() {
    Router router = router(orders("mode: modern"), noDraws());

    RoutingDecision decision =
        router.decide(
            TestRequest.get("/api/orders")
                .withHeader("x-strangler-force", "LEGACY")
                .withHeader("x-strangler-force-token", TOKEN));

    assertThat(decision.target()).isEqualTo(Target.LEGACY);
    assertThat(decision.reason()).isEqualTo(RoutingDecision.Reason.FORCED);
  }

  @Test
  void forced_withoutToken_isIgnored() {
    Router router = router(orders("mode: legacy"), noDraws());

    RoutingDecision decision =
        router.decide(TestRequest.get("/api/orders").withHeader(Router.FORCE_HEADER, "modern"));

    assertThat(decision.target()).isEqualTo(Target.LEGACY);
    assertThat(decision.reason()).isEqualTo(RoutingDecision.Reason.MODE);
  }

  @Test
  void forced_wrongToken_isIgnored() {
    Router router = router(orders("mode: legacy"), noDraws());

    for (String wrong : new String[] {"s3cret-toke", "s3cret-token!", "S3CRET-TOKEN", ""}) {
      RoutingDecision decision =
          router.decide(
              TestRequest.get("/api/orders")
                  .withHeader(Router.FORCE_HEADER, "modern")
                  .withHeader(Router.FORCE_TOKEN_HEADER, wrong));
      assertThat(decision.reason()).as(wrong).isEqualTo(RoutingDecision.Reason.MODE);
    }
  }

  @Test
  void forced_unknownTarget_isIgnored() {
    Router router = router(orders("mode: legacy"), noDraws());

    RoutingDecision decision =
        router.decide(
            TestRequest.get("/api/orders")
                .withHeader(Router.FORCE_HEADER, "both")
                .withHeader(Router.FORCE_TOKEN_HEADER, TOKEN));

    assertThat(decision.reason()).isEqualTo(RoutingDecision.Reason.MODE);
  }

  @Test
  void forced_noTokenConfigured_isNeverObeyed() {
    TestRequest request =
        TestRequest.get("/api/orders")
            .withHeader(Router.FORCE_HEADER, "modern")
            .withHeader(Router.FORCE_TOKEN_HEADER, "");
    for (String configured : new String[] {null, "", "  "}) {
      Router router =
          Router.of(
              orders("mode: legacy"),
              Map.of(),
              SegmentPathMatcherFactory.INSTANCE,
              noDraws(),
              configured);

      assertThat(router.decide(request).target())
          .as("token %s", configured)
          .isEqualTo(Target.LEGACY);
    }
  }

  // Runtime rollouts

  @Test
  void withRollout_changesOneRouteAndLeavesThisRouterAlone() {
    Router before = router(orders("mode: legacy"), noDraws());
    Rollout modern = new Rollout(Mode.MODERN, Percent.ZERO);

    Router after = before.withRollout("orders", modern);

    assertThat(after.rollout("orders")).isEqualTo(modern);
    assertThat(after.decide(TestRequest.get("/api/orders")).target()).isEqualTo(Target.MODERN);
    assertThat(after.decide(TestRequest.get("/api/orders")).route().rollout()).isEqualTo(modern);
    assertThat(before.rollout("orders")).isEqualTo(new Rollout(Mode.LEGACY, Percent.ZERO));
    assertThat(before.decide(TestRequest.get("/api/orders")).target()).isEqualTo(Target.LEGACY);
    assertThat(after.rules()).isSameAs(before.rules());
    assertThat(after.rules().route("orders").orElseThrow().rollout().mode()).isEqualTo(Mode.LEGACY);
  }

  @Test
  void withRollout_ofALaterRoute_leavesTheOthersAsTheyAre() {
    RulesFile rules =
        Fixtures.rules(
            """
            legacy: http://legacy:8080
            routes:
              - {id: orders, paths: [/api/orders/**], modern: 'http://orders-v2:8080', mode: legacy}
              - {id: carts, paths: [/api/carts/**], modern: 'http://carts-v2:8080', mode: legacy}
            """);
    Rollout modern = new Rollout(Mode.MODERN, Percent.ZERO);

    Router after = router(rules, noDraws()).withRollout("carts", modern);

    assertThat(after.rollout("carts")).isEqualTo(modern);
    assertThat(after.rollout("orders")).isEqualTo(new Rollout(Mode.LEGACY, Percent.ZERO));
    assertThat(after.decide(TestRequest.get("/api/carts/1")).target()).isEqualTo(Target.MODERN);
    assertThat(after.decide(TestRequest.get("/api/orders/1")).target()).isEqualTo(Target.LEGACY);
  }

  @Test
  void withRollout_reusesCompiledMatchers() {
    AtomicInteger compiled = new AtomicInteger();
    PathMatcherFactory counting =
        pattern -> {
          compiled.incrementAndGet();
          return SegmentPathMatcherFactory.INSTANCE.compile(pattern);
        };
    Router router = Router.of(orders("mode: legacy"), Map.of(), counting, noDraws(), null);

    router
        .withRollout("orders", new Rollout(Mode.CANARY, Percent.of("5")))
        .withRollout("orders", new Rollout(Mode.MODERN, Percent.of("5")));

    assertThat(compiled).hasValue(2);
  }

  @Test
  void withRollout_intoShadowMode_defaultShadowPercentFollowsTheMode() {
    Router router =
        router(orders("mode: legacy"), noDraws())
            .withRollout("orders", new Rollout(Mode.SHADOW, Percent.ZERO));

    RoutingDecision decision = router.decide(TestRequest.get("/api/orders"));

    assertThat(decision.shadowTarget()).isEqualTo(Target.MODERN);
    assertThat(decision.route().shadow().percent()).isEqualTo(Percent.HUNDRED);
    assertThat(router.route("orders").orElseThrow().shadow().percent()).isEqualTo(Percent.HUNDRED);
  }

  @Test
  void withRollout_explicitShadowPercent_isKept() {
    Router router =
        router(orders("mode: legacy\nshadow: {percent: 0}"), noDraws())
            .withRollout("orders", new Rollout(Mode.SHADOW, Percent.ZERO));

    assertThat(router.decide(TestRequest.get("/api/orders")).shadowed()).isFalse();
  }

  @Test
  void withRollout_unknownRoute_isRefused() {
    Router router = router(orders("mode: legacy"), noDraws());

    assertThatIllegalArgumentException()
        .isThrownBy(() -> router.withRollout("payments", new Rollout(Mode.MODERN, Percent.ZERO)))
        .withMessageContaining("payments");
    assertThatIllegalArgumentException().isThrownBy(() -> router.rollout("payments"));
  }

  @Test
  void of_overrides_replaceTheFileRolloutAndUnknownIdsAreIgnored() {
    Rollout override = new Rollout(Mode.CANARY, Percent.HUNDRED);

    Router router =
        Router.of(
            orders("mode: legacy"),
            Map.of("orders", override, "removed-route", new Rollout(Mode.MODERN, Percent.ZERO)),
            SegmentPathMatcherFactory.INSTANCE,
            noDraws(),
            TOKEN);

    assertThat(router.rollout("orders")).isEqualTo(override);
    assertThat(router.rollouts()).containsExactly(Map.entry("orders", override));
    assertThat(router.decide(TestRequest.get("/api/orders").withHeader("X-User-Id", "u")).target())
        .isEqualTo(Target.MODERN);
  }

  @Test
  void decide_returnsPreparedInstances() {
    Router router = router(orders("mode: shadow"), noDraws());

    assertThat(router.decide(TestRequest.get("/api/orders")))
        .isSameAs(router.decide(TestRequest.get("/api/orders/2")));
    assertThat(router.decide(TestRequest.get("/x"))).isSameAs(router.decide(TestRequest.get("/y")));
  }

  /** The target of {@code request} when {@code orders} is in canary mode at {@code basisPoints}. */
  private static Target canaryTarget(int basisPoints, TestRequest request) {
    return router(orders("mode: legacy"), noDraws())
        .withRollout("orders", new Rollout(Mode.CANARY, Percent.ofBasisPoints(basisPoints)))
        .decide(request)
        .target();
  }

  /**
   * Asserts that {@code request} was bucketed by {@code key}: its answer flips from legacy to
   * modern exactly between the key's bucket and the next basis point.
   */
  private static void assertKeyUsed(TestRequest request, String key) {
    int bucket = StickyBucket.of("orders", key);
    assertThat(canaryTarget(bucket, request))
        .as("at the bucket of %s", key)
        .isEqualTo(Target.LEGACY);
    assertThat(canaryTarget(bucket + 1, request))
        .as("past the bucket of %s", key)
        .isEqualTo(Target.MODERN);
  }
}
