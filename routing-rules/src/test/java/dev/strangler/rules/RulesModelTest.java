package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RulesModelTest {

  private static final URI LEGACY = URI.create("http://legacy:8080");
  private static final URI MODERN = URI.create("http://modern:8080");

  private static RouteRule route(String id, Rollout rollout) {
    return new RouteRule(
        id,
        List.of("/api/**"),
        Set.of(),
        LEGACY,
        MODERN,
        rollout,
        List.of(),
        id,
        List.of(),
        List.of(),
        false,
        FallbackPolicy.defaults(),
        ShadowPolicy.defaults(rollout.mode()),
        null);
  }

  @Test
  void ruleViolation_rendersPathValueAndExpectation() {
    assertThat(new RuleViolation("routes[2].percent", "150", "0..100"))
        .hasToString("routes[2].percent: 150 (expected: 0..100)");
    assertThat(RuleViolation.missing("legacy", "a URI"))
        .hasToString("legacy: <missing> (expected: a URI)");
  }

  @Test
  void validationException_copiesTheViolations() {
    List<RuleViolation> violations = new ArrayList<>();
    violations.add(new RuleViolation("a", "1", "2"));
    RulesValidationException e = new RulesValidationException(violations);
    violations.clear();

    assertThat(e.violations()).hasSize(1);
    assertThat(e).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void validationException_withoutViolations_isRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> new RulesValidationException(List.of()));
  }

  @Test
  void rollout_modernShare_followsTheMode() {
    Percent five = Percent.of("5");

    assertThat(new Rollout(Mode.LEGACY, five).modernShare()).isEqualTo(Percent.ZERO);
    assertThat(new Rollout(Mode.SHADOW, five).modernShare()).isEqualTo(Percent.ZERO);
    assertThat(new Rollout(Mode.CANARY, five).modernShare()).isEqualTo(five);
    assertThat(new Rollout(Mode.MODERN, five).modernShare()).isEqualTo(Percent.HUNDRED);
  }

  @Test
  void routeRule_badId_isRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> route("Orders", new Rollout(Mode.LEGACY, Percent.ZERO)))
        .withMessage("id: Orders (expected: [a-z0-9][a-z0-9-]{0,62})");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> route("a".repeat(64), new Rollout(Mode.LEGACY, Percent.ZERO)));
    assertThat(route("a".repeat(63), new Rollout(Mode.LEGACY, Percent.ZERO)).id()).hasSize(63);
  }

  @Test
  void routeRule_catchAllId_isRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> route("catch-all", new Rollout(Mode.LEGACY, Percent.ZERO)))
        .withMessage(
            "id: catch-all (expected: an id other than catch-all, which names the requests no"
                + " route matches)");
    assertThat(route("catch-all-2", new Rollout(Mode.LEGACY, Percent.ZERO)).id())
        .isEqualTo("catch-all-2");
  }

  @Test
  void routeRule_lowerCaseMethod_isRefusedByTheRecord() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new RouteRule(
                    "a",
                    List.of("/a"),
                    Set.of("get"),
                    LEGACY,
                    MODERN,
                    new Rollout(Mode.LEGACY, Percent.ZERO),
                    List.of(),
                    "a",
                    List.of(),
                    List.of(),
                    false,
                    FallbackPolicy.defaults(),
                    ShadowPolicy.defaults(Mode.LEGACY),
                    null))
        .withMessageStartingWith("methods: get (expected: one of GET, HEAD");
  }

  @Test
  void routeRule_withRollout_reResolvesADefaultedShadowPercent() {
    RouteRule legacy = route("a", new Rollout(Mode.LEGACY, Percent.ZERO));

    RouteRule shadow = legacy.withRollout(new Rollout(Mode.SHADOW, Percent.ZERO));
    RouteRule canary = shadow.withRollout(new Rollout(Mode.CANARY, Percent.of("5")));

    assertThat(shadow.shadow().percent()).isEqualTo(Percent.HUNDRED);
    assertThat(canary.shadow().percent()).isEqualTo(Percent.ZERO);
    assertThat(canary.rollout()).isEqualTo(new Rollout(Mode.CANARY, Percent.of("5")));
  }

  @Test
  void shadowPolicy_explicitPercent_ignoresTheMode() {
    ShadowPolicy explicit =
        new ShadowPolicy(
            Percent.of("30"),
            Set.of("GET"),
            Duration.ofSeconds(1),
            null,
            CompareSettings.defaults(),
            List.of());

    assertThat(explicit.percentDefaulted()).isFalse();
    assertThat(explicit.forMode(Mode.SHADOW)).isSameAs(explicit);
  }

  @Test
  void routeRule_uriOfEachSide() {
    RouteRule rule = route("a", new Rollout(Mode.LEGACY, Percent.ZERO));

    assertThat(rule.uri(Target.LEGACY)).isEqualTo(LEGACY);
    assertThat(rule.uri(Target.MODERN)).isEqualTo(MODERN);
  }

  @Test
  void rulesFile_duplicateIds_areRefused() {
    RouteRule a = route("a", new Rollout(Mode.LEGACY, Percent.ZERO));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RulesFile(LEGACY, List.of(a, a), "v1"))
        .withMessage("routes: a (expected: unique ids)");
  }

  @Test
  void rulesFile_backendWithPath_isRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RulesFile(URI.create("http://legacy:8080/app"), List.of(), "v1"))
        .withMessageStartingWith("legacy: http://legacy:8080/app (expected: an absolute http");
  }

  @Test
  void circuitBreaker_minimumCallsAboveWindow_isRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new CircuitBreakerSettings(
                    50, Duration.ofSeconds(2), 100, 10, 11, Duration.ofSeconds(30)))
        .withMessage("minimum-calls: 11 (expected: 1..10)");
  }

  @Test
  void durations_mustBePositive() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new FallbackPolicy(
                    true,
                    Set.of(),
                    Duration.ZERO,
                    ReplayUnsafe.NEVER,
                    CircuitBreakerSettings.defaults()))
        .withMessage("timeout: 0s (expected: a positive duration such as 500ms, 5s, 10m or 1h)");
  }

  @Test
  void fallback_statuses_areSortedAndChecked() {
    FallbackPolicy policy =
        new FallbackPolicy(
            true,
            Set.of(504, 500, 502),
            Duration.ofSeconds(1),
            ReplayUnsafe.ALWAYS,
            CircuitBreakerSettings.defaults());

    assertThat(policy.statuses()).containsExactly(500, 502, 504);
    assertThat(policy.isFailure(502)).isTrue();
    assertThat(policy.isFailure(404)).isFalse();
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new FallbackPolicy(
                    true,
                    Set.of(600),
                    Duration.ofSeconds(1),
                    ReplayUnsafe.ALWAYS,
                    CircuitBreakerSettings.defaults()))
        .withMessage("statuses: 600 (expected: 100..599)");
  }

  @Test
  void plan_stepsMustStrictlyIncrease() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PlanSettings.of(List.of(Percent.of("5"), Percent.of("5"))))
        .withMessage("steps[1]: 5 (expected: more than the previous step, 5)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PlanSettings.of(List.of()))
        .withMessage("steps: [] (expected: at least one step)");
  }

  @Test
  void routingDecision_partsMustFit() {
    RouteRule rule = route("a", new Rollout(Mode.MODERN, Percent.ZERO));

    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new RoutingDecision(
                    null, Target.LEGACY, LEGACY, RoutingDecision.Reason.MODE, false, null, null));
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new RoutingDecision(
                    rule,
                    Target.MODERN,
                    MODERN,
                    RoutingDecision.Reason.MODE,
                    false,
                    Target.LEGACY,
                    null));
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new RoutingDecision(
                    rule,
                    Target.MODERN,
                    MODERN,
                    RoutingDecision.Reason.MODE,
                    false,
                    Target.MODERN,
                    MODERN));
    assertThat(
            new RoutingDecision(
                    rule, Target.MODERN, MODERN, RoutingDecision.Reason.MODE, false, null, null)
                .routeId())
        .isEqualTo("a");
  }

  @Test
  void durationText_parsesAndFormatsTheFileSyntax() {
    assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationText.parse(" 5s ")).isEqualTo(Duration.ofSeconds(5));
    assertThat(DurationText.parse("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(DurationText.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(DurationText.parse("0s")).isNull();
    assertThat(DurationText.parse("-5s")).isNull();
    assertThat(DurationText.parse("1.5s")).isNull();
    assertThat(DurationText.parse("5")).isNull();
    assertThat(DurationText.parse("999999999999999999h")).isNull();
    assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(DurationText.format(Duration.ofMinutes(10))).isEqualTo("10m");
    assertThat(DurationText.format(Duration.ofSeconds(Long.MAX_VALUE / 1_000 - 1)))
        .isEqualTo((Long.MAX_VALUE / 1_000 - 1) + "s");
    assertThat(DurationText.format(Duration.ofSeconds(Long.MAX_VALUE / 1_000)))
        .isEqualTo(Duration.ofSeconds(Long.MAX_VALUE / 1_000).toString());
    assertThat(DurationText.format(Duration.ofHours(2))).isEqualTo("2h");
    assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0s");
  }
}
